/* Text typed in the box of another table's capture page on this device and never saved as a card (a past forum's
 * table, the table of the day before): listed where the facilitator opens capture next (a capture page, "Tables I
 * facilitate"), named by the table and forum it was typed for, to copy or discard. Before, it showed only on the old
 * link's page, which nobody opens again. The capture page keeps, per table, the box's text ("draft"), the page's
 * title ("label") and the account it is typed for ("owner": pages.drafts_owner, a digest; the signed-in account, or
 * on a table link's page the forum's owner); a table whose page is open in a tab is still being typed in and is left
 * out. Only the texts of the page's own account are listed: on a shared venue tablet, another organization's account
 * or table link never shows a forum's unsaved text nor its name. The others stay on the device, unlisted, until a page
 * of their own account lists them or their own table's page shows them in its box: an account logs in on the device
 * again (the same account's next login has the same owner), and a text dropped after some time would be lost to the
 * facilitator who typed it, for no one else ever sees it. A text kept by an earlier page, with no owner, is shown only
 * on its own table's page. */
(function () {
  "use strict";

  function prefix(table) { return "fw-capture:table:" + table + ":"; }
  // The box's draft of a table, unless empty or sent (a card of the table's last list has its text); it throws when
  // the storage cannot be read (capture.js then keeps everything of the table as it is).
  // A draft that only happens to match an earlier card (the same idea typed again, never saved) is dropped as sent too,
  // and that is safe: the table's last list ("snapshot") holds only cards the server has (its list of the table's cards,
  // and the cards it answered each sending with; never a card waiting in the queue), so the words dropped are word for
  // word those of a card the server keeps and nothing typed is lost, only a second copy never saved. A text the server
  // stored otherwise (or a card deleted since) matches nothing, and the draft stays. This device keeps no list of its
  // own sent cards to compare with: the server's list is the one that says what is kept.
  function unsaved(table) {
    var draft = JSON.parse(localStorage.getItem(prefix(table) + "draft"));
    if (typeof draft !== "string" || !draft.trim()) return null;
    var last = JSON.parse(localStorage.getItem(prefix(table) + "snapshot"));
    var sent = last && last.cards && last.cards.some(function (card) { return card.text === draft.trim(); });
    return sent ? null : draft;
  }
  // What is kept of a table for such a text alone, the text with it.
  var NOTES = ["draft", "draft-pasted", "label", "owner"];
  // capture.js keeps such a text, and its notes, when it forgets a past table
  window.fwCaptureDrafts = {unsaved: unsaved, notes: NOTES};

  var section = document.getElementById("drafts-elsewhere");
  if (!section) return;
  var TABLE_KEY = /^fw-capture:table:([^:]+):draft$/;
  var TAB_GONE = 75000;  // a tab that has not beaten for this long is closed (capture.js)
  var here = section.getAttribute("data-table");
  var owner = section.getAttribute("data-owner");
  var list = document.getElementById("drafts-elsewhere-list");
  var template = document.getElementById("draft-elsewhere-item");

  function read(key) {
    try { return JSON.parse(localStorage.getItem(key)); } catch (e) { return null; }
  }
  function keys() {
    var found = [];
    try {
      for (var i = 0; i < localStorage.length; i++) found.push(localStorage.key(i));
    } catch (e) { /* no storage: nothing kept */ }
    return found;
  }
  function openInATab(table) {
    return keys().some(function (key) {
      return key && key.indexOf(prefix(table) + "tab:") === 0 && Date.now() - (Number(read(key)) || 0) < TAB_GONE;
    });
  }
  function drafts() {
    var found = [];
    keys().forEach(function (key) {
      var match = TABLE_KEY.exec(key || "");
      if (!match || match[1] === here || !owner || read(prefix(match[1]) + "owner") !== owner ||
          openInATab(match[1])) return;
      var text;
      try { text = unsaved(match[1]); } catch (e) { return; }  // unreadable: left as it is
      if (text) found.push({table: match[1], text: text, label: read(prefix(match[1]) + "label")});
    });
    return found;
  }
  // The table's text goes, and with it the notes kept only to list it (capture.js keeps them for a typed text alone).
  function discard(table) {
    try {
      NOTES.forEach(function (name) { localStorage.removeItem(prefix(table) + name); });
      var rest = keys().some(function (key) { return key && key.indexOf(prefix(table)) === 0; });
      if (rest) return;
      keys().forEach(function (key) {
        if (key && key.indexOf("fw-capture:link:") === 0 && localStorage.getItem(key) === table) {
          localStorage.removeItem(key);
        }
      });
    } catch (e) { /* no storage */ }
  }

  function item(draft) {
    var node = template.content.firstElementChild.cloneNode(true);
    var id = "draft-elsewhere-" + draft.table;
    var label = node.querySelector("label");
    label.htmlFor = id;
    if (typeof draft.label === "string" && draft.label) label.textContent = draft.label;  // never innerHTML
    var box = node.querySelector("textarea");
    box.id = id;
    box.value = draft.text;
    var copy = node.querySelector("[data-copy]");
    copy.setAttribute("data-copy", id);
    copy.setAttribute("aria-describedby", id + "-copied");
    node.querySelector(".copy-status").id = id + "-copied";
    var actions = node.querySelector(".draft-actions");
    var confirm = node.querySelector(".draft-discard-confirm");
    node.querySelector("[data-discard]").addEventListener("click", function () {
      actions.hidden = true;
      confirm.hidden = false;
      confirm.querySelector("[data-discard-no]").focus();
    });
    confirm.querySelector("[data-discard-no]").addEventListener("click", function () {
      confirm.hidden = true;
      actions.hidden = false;
      node.querySelector("[data-discard]").focus();
    });
    confirm.querySelector("[data-discard-yes]").addEventListener("click", function () {
      discard(draft.table);
      var next = node.nextElementSibling || node.previousElementSibling;
      node.remove();
      if (next) { next.querySelector("[data-copy]").focus(); return; }
      section.hidden = true;
      var after = document.getElementById("card-text") || document.querySelector("h1");
      if (after.id !== "card-text") after.setAttribute("tabindex", "-1");
      after.focus();
    });
    return node;
  }

  var found = drafts();
  if (!found.length) return;
  found.forEach(function (draft) { list.appendChild(item(draft)); });
  section.hidden = false;
})();
