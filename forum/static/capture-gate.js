/* The first script of a signed-in capture page, run before its body is read: a copy kept for offline reloads
 * (capture-sw.js) opens only for the login it was shown to. The server keeps a cookie for the browser's login
 * ("fw_login": a digest of the login and when it runs out; see forum/auth/sessions.py) that lives as long as the
 * login does here: it goes with the browser's session (closed without logging out), when a page finds the login
 * gone, or at logout. A copy whose login is not that one, or has run out, is never shown: the whole document is
 * hidden before its body is read (the previous account's forum, table, groups and rounds), capture.js leaves it
 * alone, the kept copy is deleted, and once the document is read its body is replaced by a notice that says
 * what to do instead. The cards typed at the table and not sent yet stay in this device's queue
 * (capture.js keeps it by table): the notice counts them, and the table's page sends them once it is open again. */
(function () {
  "use strict";

  var gate = document.currentScript;
  var marker = document.cookie.split("; ").filter(function (pair) { return pair.indexOf("fw_login=") === 0; })[0];
  var parts = marker ? decodeURIComponent(marker.slice("fw_login=".length)).split(".") : [];
  if (parts[0] === gate.getAttribute("data-login") && Number(parts[1]) * 1000 > Date.now()) return;

  var page = document.documentElement;
  page.hidden = true;  // nothing of the body is shown, nor read out
  page.setAttribute("data-kept-page-closed", "");  // capture.js stays out
  try { localStorage.removeItem("fw-capture:account"); } catch (e) { /* no storage */ }
  if (window.caches) { caches.delete(page.getAttribute("data-capture-account-cache")); }  // (base.html)

  var texts = JSON.parse(document.getElementById("capture-gate-texts").textContent);
  var unsent = 0;
  try {  // the table's cards not sent yet, counted as the table's page shows them (capture-kept.js)
    var key = "fw-capture:table:" + gate.getAttribute("data-table") + ":";
    var ops = (JSON.parse(localStorage.getItem(key + "refused")) || []).filter(function (entry) { return entry.op === "create"; })
      .concat(JSON.parse(localStorage.getItem(key + "queue")) || []);
    var cards = {};
    ops.forEach(function (op) {
      if (op.op === "create") { cards[op.client_id] = true; }
      else if (op.op === "undo") { delete cards[op.client_id]; }
    });
    unsent = Object.keys(cards).length;
  } catch (e) { /* no storage: nothing was kept either */ }

  function paragraph(text) {
    var node = document.createElement("p");
    node.textContent = text;
    return node;
  }

  document.title = texts.title;
  document.addEventListener("DOMContentLoaded", function () {
    var body = document.body;
    var main = document.createElement("main");
    main.id = "main";
    var section = document.createElement("section");
    section.className = "error-page";
    var heading = document.createElement("h1");
    heading.textContent = texts.title;
    section.appendChild(heading);
    section.appendChild(paragraph(texts.removed));
    if (unsent) {
      var rule = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang).select(unsent) : "";
      var kept = paragraph((texts.unsent[rule] || texts.unsent.other).replace("%(n)s", unsent.toLocaleString(document.documentElement.lang)));
      kept.className = "flash flash-info";
      section.appendChild(kept);
    }
    if (navigator.onLine === false) { section.appendChild(paragraph(texts.offline)); }
    var links = document.createElement("p");
    links.className = "error-links";
    var login = document.createElement("a");
    login.href = gate.getAttribute("data-login-url");
    login.textContent = texts.log_in;
    links.appendChild(login);
    section.appendChild(links);
    main.appendChild(section);
    body.replaceChildren(main);
    page.hidden = false;
    heading.tabIndex = -1;
    heading.focus();
  });
}());
