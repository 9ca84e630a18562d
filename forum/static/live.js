/* Live organizer pages: poll the element's data-live URL and swap in the new HTML when its
   data-version changed (so a page being read does not jump while nothing happens); the control that
   had the keyboard has it again in the new HTML. */
(function () {
  "use strict";
  var POLL_MS = 4000;
  var FOCUSABLE = "a[href], button, summary, input, select, textarea, [tabindex]";

  // The control that has the keyboard, told apart from the box's others by what it is and where it goes
  // (an update replaces every element: the one with the focus, e.g. a table's link, would take the focus
  // with it to the page's top, and a screen reader would start the page again).
  function whereIs(box, element) {
    var control = element.closest(FOCUSABLE);
    if (!control) { return null; }
    var same = function (other) {
      return other.tagName === control.tagName && other.id === control.id &&
        other.getAttribute("href") === control.getAttribute("href") && other.textContent === control.textContent;
    };
    var all = Array.prototype.slice.call(box.querySelectorAll(FOCUSABLE));
    return { same: same, nth: all.filter(same).indexOf(control), index: all.indexOf(control) };
  }

  // The same control in the new content (else the one at its place, else the box), focused without a scroll.
  function focusAgain(box, was) {
    var all = Array.prototype.slice.call(box.querySelectorAll(FOCUSABLE));
    var target = all.filter(was.same)[was.nth] || all[Math.min(was.index, all.length - 1)];
    if (!target) {
      box.tabIndex = -1;
      target = box;
    }
    target.focus({ preventScroll: true });
  }
  document.querySelectorAll("[data-live]").forEach(function (box) {
    // A poll answered after a later one (a busy server, a slow network) is older news: its content would put back
    // what the later one replaced, until the next change. Polls are numbered; an answer older than the last
    // handled is dropped.
    var asked = 0, handled = 0, answers = 0;
    function poll() {
      if (document.hidden) { return; }
      var number = ++asked;
      fetch(box.dataset.live, {credentials: "same-origin", headers: {"Accept": "text/html"}})
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          answers++;  // every answer, shown or dropped: a mark for whoever waits for one (the browser tests)
          box.setAttribute("data-live-answers", String(answers));
          if (!html || number < handled) { return; }
          handled = number;
          var next = new DOMParser().parseFromString(html, "text/html").querySelector("[data-version]");
          var current = box.querySelector("[data-version]");
          if (next && (!current || current.dataset.version !== next.dataset.version)) {
            var opened = Array.prototype.map.call(box.querySelectorAll("details[open][id]"),
                                                  function (details) { return details.id; });
            var focused = box.contains(document.activeElement) ? whereIs(box, document.activeElement) : null;
            box.replaceChildren(document.importNode(next, true));
            opened.forEach(function (id) {  // what the reader unfolded stays unfolded
              var details = document.getElementById(id);
              if (details) { details.open = true; }
            });
            if (focused) { focusAgain(box, focused); }
          }
        })
        .catch(function () { /* offline for a moment: try again at the next tick */ });
    }
    setInterval(poll, POLL_MS);
  });
}());
