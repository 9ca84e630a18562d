/* The review page, opened after a comment is sent at its message ("Thank you: your comment was sent..."),
   under what was commented on (#priorities, #idea-3). It takes the focus, so a screen reader reads it (once:
   it is no live region) and the keyboard goes on from there. The address ends with the message's id
   (#review-messages) and the message is focusable (tabindex="-1"): the browser's own move to it focuses it,
   without this script too. This script focuses it where the browser did not (nothing focused once the page
   has loaded: until then Chromium's scroll to the fragment clears the focus). */
(function () {
  "use strict";
  window.addEventListener("load", function () {
    window.requestAnimationFrame(function () {
      var messages = document.getElementById("review-messages");
      if (!messages) { return; }
      if (document.activeElement && document.activeElement !== document.body) { return; }  // the user moved on
      messages.focus({preventScroll: true});
      if (messages.getBoundingClientRect().bottom > window.innerHeight ||
          messages.getBoundingClientRect().top < 0) { messages.scrollIntoView({block: "nearest"}); }
    });
  });
})();
