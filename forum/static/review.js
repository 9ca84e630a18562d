/* The review page, opened after a comment is sent at what was commented on (#priorities, #idea-3: a reload opens
   there again), with its message under it ("Thank you: your comment was sent..."), which holds that id while it is
   shown. The message takes the focus, so a screen reader reads it (once: it is no live region) and the keyboard goes
   on from there: the browser focuses it as the address's fragment (also without this script), and this script
   focuses it where the browser did not, once the page has loaded (until then Chromium's scroll to the fragment clears
   the focus). */
(function () {
  "use strict";
  window.addEventListener("load", function () {
    window.requestAnimationFrame(function () {
      var messages = document.querySelector(".review-messages");
      if (!messages) { return; }
      if (document.activeElement && document.activeElement !== document.body) { return; }  // the user moved on
      messages.focus({preventScroll: true});
      if (messages.getBoundingClientRect().bottom > window.innerHeight ||
          messages.getBoundingClientRect().top < 0) { messages.scrollIntoView({block: "nearest"}); }
    });
  });
})();
