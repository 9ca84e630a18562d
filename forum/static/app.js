/* Small behaviours of any page, attached here because the Content-Security-Policy allows no
 * inline script: buttons with data-action, read-only links selected on click, busy forms, the
 * character count of long text fields, a new forum's time zone, and showing where a page that
 * comes back after a form needs the user (its problems, its message, focused). */
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

  // Back and send again, saved once. A form's client id names its submission (forum/forms.py), so a
  // form sent twice is saved once. But a page we answer with no-store is fetched afresh on Back: the
  // browser puts back what was typed, not the hidden fields, and the page brings new client ids, so
  // a comment or a proposal sent, then Back and "Send" again, was saved twice. Each form sent keeps
  // its client id for the tab (sessionStorage) with what it held; on a page reached by Back or
  // Forward, the same form sent again holding the same takes its id back (the server answers
  // "already sent"). Sent changed, or on a page opened anew, it is a new submission, as before.
  var SENT = "fw-sent:";
  var cameBack = (function () {
    var entry = window.performance && performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
    return Boolean(entry && entry.type === "back_forward");
  }());
  function clientIdFields(form) {
    return Array.prototype.filter.call(form.querySelectorAll("input[type=hidden]"), function (input) {
      return /(^|-)client_id$/.test(input.name);
    });
  }
  function sentKey(form, input) {
    var action = form.getAttribute("action") || "";
    var same = Array.prototype.filter.call(document.forms, function (other) {
      return (other.getAttribute("action") || "") === action;
    });
    return SENT + location.pathname + location.search + "|" + action + "|" + same.indexOf(form) + "|" + input.name;
  }
  // What the person chose and typed (not the hidden fields), as a digest: the tab's storage keeps no one's
  // comment, answers or e-mail address in clear (a computer shared by the reviewers of a shared link, a script of
  // the site reading the storage), only what tells the same form sent again from another.
  function formHolds(form) {
    var held = [];
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.type === "hidden" || element.type === "file" || element.type === "submit" ||
          ((element.type === "checkbox" || element.type === "radio") && !element.checked)) return;
      held.push([element.name, element.value]);
    });
    return digest(JSON.stringify(held));
  }
  function digest(text) {  // 2 × 32 bits (cyrb53's mixing): two different forms' contents never meet in practice
    var h1 = 0xdeadbeef, h2 = 0x41c6ce57;
    for (var i = 0; i < text.length; i++) {
      var code = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ code, 2654435761);
      h2 = Math.imul(h2 ^ code, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (h2 >>> 0).toString(16) + ":" + (h1 >>> 0).toString(16) + ":" + text.length;
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    clientIdFields(form).forEach(function (input) {
      var key = sentKey(form, input), holds = formHolds(form);
      try {
        var sent = JSON.parse(sessionStorage.getItem(key) || "null");
        if (cameBack && sent && sent.holds === holds) input.value = sent.id;
        sessionStorage.setItem(key, JSON.stringify({ id: input.value, holds: holds }));
      } catch (e) { /* no storage: the page's own id, as without this */ }
    });
  });

  // A new forum's time zone: the computer's when the list has it and the server's is another.
  document.querySelectorAll("form[data-guess-time-zone]").forEach(function (form) {
    var zone = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
    var select = form.querySelector("select[name=time_zone]");
    if (!zone || !select || select.value || zone === form.dataset.guessTimeZone) return;
    if (Array.prototype.some.call(select.options, function (option) { return option.value === zone; })) {
      select.value = zone;
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
    var box = control.closest(".field, .has-error, [data-form-problems]") || control;  // with its label and message
    function show() {
      focus(control);
      box.scrollIntoView({block: box.getBoundingClientRect().height > window.innerHeight * 0.8 ? "start" : "center"});
    }
    show();
    // A form sent to its row's anchor (#item-3: the page answering it opens there, not at the top of a long list):
    // Chromium's scroll to the anchor, once the page has loaded, clears the focus; given back then, unless the user
    // already moved on.
    if (hashTarget()) {
      window.addEventListener("load", function () {
        window.requestAnimationFrame(function () {
          if (document.activeElement === document.body || !document.activeElement) { show(); }
        });
      });
    }
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
    if (!messages || !anchor || anchor.tagName === "MAIN" || anchor.contains(messages)) { return false; }
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
    return true;
  }

  // A redirect with no anchor ("Everything is closed", "Saved."): the page's messages, at its top, take the focus,
  // so a screen reader reads them (their box is a status, but one already there when the page opens, which is not
  // announced: they are said once) and the keyboard goes on from there; left where they are, in view. Once: a page
  // gone back to (Back, Forward, from the browser's cache) shows them as it does, the focus where the browser puts
  // it. A field the page focuses by itself (autofocus, a page's own script) keeps the focus.
  function showMessagesAtTop() {
    var messages = document.querySelector("main .flashes");
    if (!messages || cameBack || document.querySelector("[autofocus]")) { return; }
    focus(messages);
    var box = messages.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) { messages.scrollIntoView({block: "nearest"}); }
  }

  // A long text field's character count, as GOV.UK's: with a maxlength the browser cuts a pasted
  // text without a word, so the limit moves to data-maxlength (nothing is cut) and a hint under the
  // field says, from 80% of it, how many characters are left or too many. Sending too many is not
  // stopped here: the server checks every length, counted as serverLength counts it, and says how
  // long the text is and the limit (forum/text_lengths.py); the capture page, whose script sends
  // cards by itself, checks with window.serverLength first.
  // Limits under 100 are codes and keys, typed rather than pasted: they keep their maxlength, as do
  // search boxes (a search cut short finds what the whole would, and more; nothing is kept).
  // A page's script that sets a counted field's value dispatches "input" on it to update its count.
  var COUNT_FROM = 100, SHOW_AT = 0.8, SPEAK_AFTER_MS = 1000;
  var TEXT_TYPES = ["text", "email", "url", "tel"];
  // What the server's clean_text takes out before it counts (forum/text_input.py).
  var UNKEPT = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff]/g;
  var countTexts = null, counted = 0;

  // The length the server will count: code points (Python's len; an emoji is one, two UTF-16
  // units), trimmed; a line break is one (the value has "\n", as clean_text keeps it).
  function serverLength(text) {
    return Array.from(text.replace(UNKEPT, "").trim()).length;
  }
  window.serverLength = serverLength;

  // The server's texts hold a form for 0, 1 and more (English and French need no other).
  function countText(kind, n) {
    return countTexts[kind][Math.min(n, 2)].replace("%(num)d", n.toLocaleString(document.documentElement.lang));
  }

  function limitOf(field) {
    if (field.dataset.counted) { return 0; }
    if (field.tagName === "INPUT" && TEXT_TYPES.indexOf(field.type) < 0) { return 0; }
    var limit = field.hasAttribute("maxlength") ? field.maxLength : parseInt(field.dataset.maxlength, 10);
    return limit >= COUNT_FROM ? limit : 0;
  }

  function characterCount(field) {
    var limit = limitOf(field);
    if (!limit || !countTexts) { return; }
    field.dataset.counted = "true";
    field.removeAttribute("maxlength");
    field.dataset.maxlength = limit;
    if (!field.id) { field.id = "counted-field-" + (++counted); }
    // Seen, updated as one types, and the field's description; said after a pause in typing
    // (a polite live region), not at every key.
    var shown = document.createElement("span"), said = document.createElement("span");
    shown.id = field.id + "-count";
    shown.className = "char-count";
    shown.setAttribute("aria-hidden", "true");
    said.className = "visually-hidden";
    said.setAttribute("aria-live", "polite");
    // Beside the field, or after its label when it sits inside one (its text would join the field's name).
    var place = field.parentElement.tagName === "LABEL" ? field.parentElement : field;
    place.after(shown, said);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + shown.id);
    var invalid = field.getAttribute("aria-invalid"), timer = null;  // the server's (another problem)

    function update(speak) {
      var length = serverLength(field.value), left = limit - length, text = "";
      if (length >= limit * SHOW_AT) { text = left < 0 ? countText("over", -left) : countText("left", left); }
      shown.textContent = text;
      shown.classList.toggle("char-count-over", left < 0);
      if (left < 0) { field.setAttribute("aria-invalid", "true"); }
      else if (invalid) { field.setAttribute("aria-invalid", invalid); }
      else { field.removeAttribute("aria-invalid"); }
      if (speak) {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () { said.textContent = text; }, SPEAK_AFTER_MS);
      }
    }
    field.addEventListener("input", function () { update(true); });
    update(false);
  }

  var countData = document.getElementById("character-count-text");
  if (countData) {
    countTexts = JSON.parse(countData.textContent);
    document.querySelectorAll("input[maxlength], textarea[maxlength], input[data-maxlength], textarea[data-maxlength]")
      .forEach(characterCount);
    // Fields a page's script adds later (the themes board's) are counted once they take the focus.
    document.addEventListener("focusin", function (event) {
      if (event.target.matches("input, textarea")) { characterCount(event.target); }
    });
  }

  // A signed-in capture page kept for offline reloads (capture-sw.js) belongs to the account it was shown
  // to: a page shown to another account, or to nobody (logged out on a shared laptop), deletes the copy.
  // (A login that ends with no page shown, the browser closed, is capture-gate.js's: the copy checks its login.)
  try {
    var keptFor = localStorage.getItem("fw-capture:account");
    if (keptFor !== null && keptFor !== document.body.getAttribute("data-account")) {
      localStorage.removeItem("fw-capture:account");
      if (window.caches) { caches.delete(document.documentElement.getAttribute("data-capture-account-cache")); }
    }
  } catch (e) { /* no storage: no copy was kept either */ }

  // "Skip to content" on a forum's page passes its menu too: the two dozen links of the forum's pages come first in
  // the page's content, and a keyboard went through them all on every page to reach its heading. (Without this
  // script the link still leads to the content, the menu first.)
  var skip = document.querySelector(".skip-link"), forumNav = document.querySelector("main .forum-nav");
  var heading = forumNav && document.querySelector("main h1");
  if (skip && heading && forumNav.compareDocumentPosition(heading) & Node.DOCUMENT_POSITION_FOLLOWING) {
    skip.addEventListener("click", function (event) {
      event.preventDefault();
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    });
  }

  var target = hashTarget();
  if (document.activeElement === document.body || !document.activeElement ||  // a page's own script may have chosen
      (target && document.activeElement === target)) {  // or the browser focused the anchor
    if (!showFirstProblem() && !showMessagesAtAnchor()) { showMessagesAtTop(); }
  }
}());
