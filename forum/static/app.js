/* Small behaviours of any page, attached here because the Content-Security-Policy allows no
 * inline script: buttons with data-action, read-only links selected on click, busy forms. */
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
}());
