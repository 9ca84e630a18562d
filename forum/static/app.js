/* Small behaviours of any page, attached here because the Content-Security-Policy allows no
 * inline script: buttons with data-action, read-only links selected on click, busy forms, and
 * showing where a page that comes back after a form needs the user (its problems, its message). */
(function () {
  "use strict";
  var actions = {
    print: function () { window.print(); },
    back: function () { window.history.back(); }
  };
  document.addEventListener("click", function (event) {
    var trigger = event.target.closest("[data-action]");
    if (trigger && actions[trigger.dataset.action]) {
      event.preventDefault();
      actions[trigger.dataset.action]();
    }
    var field = event.target.closest("input[data-select-on-click]");
    if (field) field.select();
  });
  // One click, one run: a form with data-busy disables its button while it works, and says so.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-busy]")) return;
    var button = form.querySelector("button[type=submit]");
    if (button) {
      button.disabled = true;
      button.textContent = form.dataset.busy;
    }
  });

  var HEADING = /^H[1-6]$/;

  function focus(element) {
    for (var node = element; node; node = node.parentElement) {  // a closed <details> hides it from focus
      if (node.tagName === "DETAILS") { node.open = true; }
    }
    if (!element.matches("input, select, textarea, button, a[href], [tabindex]")) { element.tabIndex = -1; }
    element.focus({preventScroll: true});
  }

  // A form sent back with problems: the first of them (its form's summary, or the first invalid
  // field) takes the focus, so screen readers read it with its message, and comes into view.
  function showFirstProblem() {
    var first = document.querySelector("[data-form-problems], .has-error, [aria-invalid=true]");
    if (!first) { return false; }
    var control = first;
    if (!first.matches("[data-form-problems], input, select, textarea")) {
      control = first.querySelector("[aria-invalid=true]") ||
        first.querySelector("input:not([type=hidden]), select, textarea") || first;
    }
    focus(control);
    var box = control.closest(".field, .has-error, [data-form-problems]") || control;  // with its label and message
    box.scrollIntoView({block: box.getBoundingClientRect().height > window.innerHeight * 0.8 ? "start" : "center"});
    return true;
  }

  var CONTROL = "button, input, select, textarea, a[href]";

  function hashTarget() {
    try { return document.getElementById(decodeURIComponent(window.location.hash.slice(1))); }
    catch (e) { return null; }  // a malformed #%…
  }

  // A redirect to an anchor (#item-3) brings the user back to what they acted on: the page's
  // messages move there (after its heading), where they are seen and, focused, read out.
  // An anchor that is a control (a reorder's #item-3-up: the button pressed, to press again) keeps
  // the focus, which the browser gave it; the messages go just before its row, and are said again
  // (a status read out when its text changes), so the item's new place is heard as well.
  function showMessagesAtAnchor() {
    var messages = document.querySelector(".flashes"), anchor = hashTarget();
    if (!messages || !anchor || anchor.tagName === "MAIN" || anchor.contains(messages)) { return; }
    var control = anchor.matches(CONTROL) ? anchor : null;
    if (control) {
      var item = control.parentElement.closest("[id]") || control.parentElement, row = control;
      while (row.parentElement !== item) { row = row.parentElement; }
      item.insertBefore(messages, row);
    } else {
      var first = anchor.firstElementChild;
      if (HEADING.test(anchor.tagName)) { anchor.after(messages); }
      else if (first && HEADING.test(first.tagName)) { first.after(messages); }
      else { anchor.prepend(messages); }
    }
    messages.classList.add("flashes-at-anchor");
    // Focused once the page has loaded: until then Chromium's scroll to the anchor clears the focus.
    window.addEventListener("load", function () {
      window.requestAnimationFrame(function () {
        if (document.activeElement !== document.body && document.activeElement !== control) { return; }  // the user already moved on
        if (control) {
          focus(control);
          messages.scrollIntoView({block: "center"});  // with the button's row under it
          control.scrollIntoView({block: "nearest"});
          var said = Array.prototype.slice.call(messages.childNodes);
          messages.style.minHeight = messages.offsetHeight + "px";  // nothing moves meanwhile
          messages.replaceChildren();
          window.setTimeout(function () {
            messages.replaceChildren.apply(messages, said);
            messages.style.minHeight = "";
          }, 150);
          return;
        }
        focus(messages);
        anchor.scrollIntoView({block: "start"});
        if (messages.getBoundingClientRect().bottom > window.innerHeight) { messages.scrollIntoView({block: "nearest"}); }
      });
    });
  }

  var target = hashTarget();
  if (document.activeElement === document.body || !document.activeElement ||  // a page's own script may have chosen
      (target && document.activeElement === target)) {  // or the browser focused the anchor
    if (!showFirstProblem()) { showMessagesAtAnchor(); }
  }
}());
