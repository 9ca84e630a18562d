/* Live organizer pages: poll the element's data-live URL and swap in the new HTML when its
   data-version changed (so a page being read does not jump while nothing happens). */
(function () {
  "use strict";
  var POLL_MS = 4000;
  document.querySelectorAll("[data-live]").forEach(function (box) {
    function poll() {
      if (document.hidden) { return; }
      fetch(box.dataset.live, {credentials: "same-origin", headers: {"Accept": "text/html"}})
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (!html) { return; }
          var next = new DOMParser().parseFromString(html, "text/html").querySelector("[data-version]");
          var current = box.querySelector("[data-version]");
          if (next && (!current || current.dataset.version !== next.dataset.version)) {
            var opened = Array.prototype.map.call(box.querySelectorAll("details[open][id]"),
                                                  function (details) { return details.id; });
            box.replaceChildren(document.importNode(next, true));
            opened.forEach(function (id) {  // what the reader unfolded stays unfolded
              var details = document.getElementById(id);
              if (details) { details.open = true; }
            });
          }
        })
        .catch(function () { /* offline for a moment: try again at the next tick */ });
    }
    setInterval(poll, POLL_MS);
  });
}());
