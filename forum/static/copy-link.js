/* "Copy" buttons beside read-only links and codes (templates/_copy.html): copy the text and say so
 * beside the button. Where the clipboard is out of reach (an older browser, a page not served over
 * HTTPS, a refused permission) the text is selected instead, with a word on how to copy it. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (!button) return;
    var field = document.getElementById(button.dataset.copy);
    var status = document.getElementById(button.dataset.copy + "-copied");

    function show(message, copied) {
      if (status) status.textContent = message;
      else button.textContent = message;
      button.classList.toggle("copied", copied);
      clearTimeout(button.copyTimer);
      if (status) button.copyTimer = setTimeout(function () { status.textContent = ""; button.classList.remove("copied"); }, 5000);
    }
    function selectIt() {
      field.focus();
      field.select();
      field.setSelectionRange(0, field.value.length);  // iOS selects nothing without it
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      show(copied ? button.dataset.copied : (button.dataset.copyFallback || button.dataset.copied), copied);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(field.value).then(function () { show(button.dataset.copied, true); }, selectIt);
    } else {
      selectIt();
    }
  });
}());
