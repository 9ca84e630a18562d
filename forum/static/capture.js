/* The facilitator's capture page: offline-first idea cards.
 *
 * Every change (new card, edit, undo, star) becomes an operation in a queue kept in
 * localStorage BEFORE anything is sent. The queue is sent in order, one operation at a
 * time; a card the server fails on (5xx) or whose connection is cut waits on its own while the other cards go on
 * (its own changes, and the stars, stay in order behind it). Each card carries a client-generated id, so a resend
 * after a lost answer returns
 * the stored card instead of a copy. What the page shows is the last known server list
 * with the queued operations replayed on top, so it looks the same offline and after a reload.
 * A second tab of the same table (its QR code scanned twice) shares the queue: each change reads
 * it afresh from storage, and a sent operation is dropped by its id, never by its place. What is typed in a card's
 * editor is each tab's own (a tab id in sessionStorage), kept until it is saved or cancelled.
 * A card (or a change of one) the server refuses for good leaves the queue for a list of its own,
 * also kept in localStorage: it shows as "not saved", with the reason, until the facilitator sends
 * it again (after fixing it, or to a round that still exists) or discards it.
 */
(function () {
  "use strict";

  var root = document.getElementById("capture");
  // A signed-in page kept offline for a login that has ended: capture-gate.js puts a notice in its place.
  if (!root || document.documentElement.hasAttribute("data-kept-page-closed")) return;

  var api = root.getAttribute("data-api");
  var texts = JSON.parse(document.getElementById("capture-texts").textContent);
  var pageState = JSON.parse(document.getElementById("capture-state").textContent);
  languageNotKept();
  // Keyed by table, not by link: a queue left by a revoked link is sent by the table's new link.
  var KEY = "fw-capture:table:" + root.getAttribute("data-table") + ":";
  try {  // for the page of this link once it is replaced: which table's kept cards to list
    localStorage.setItem("fw-capture:link:" + api.slice(api.lastIndexOf("/") + 1), root.getAttribute("data-table"));
  } catch (e) { /* no storage: nothing is kept either */ }

  /* The page asked for in a language (its language link, ``?lang=``) it was never opened in on this device, opened
   * offline: the service worker gives the copy kept in the other language (capture-sw.js, ``keptPage``), which says
   * so, in its own language, rather than showing the other language without a word. */
  function languageNotKept() {
    var asked = new URLSearchParams(location.search).get("lang");
    var notice = document.getElementById("language-notice");
    var said = asked && texts.language_not_kept[asked];
    if (!notice || !said || asked === document.documentElement.lang) return;
    if (!document.querySelector('.lang-switch a[hreflang="' + asked + '"]')) return;  // not a language of the forum
    notice.hidden = false;  // shown first, then filled: a screen reader reads the alert's new words
    notice.querySelector("p").textContent = said;
  }

  var textBox = document.getElementById("card-text");
  // The capture API's limit: app.js has moved it to data-maxlength and counts the box as the server does.
  var TEXT_MAX = Number(textBox.getAttribute("data-maxlength") || textBox.getAttribute("maxlength"));
  var form = document.getElementById("capture-form");
  var roundSelect = document.getElementById("round");
  var roundQuestion = document.getElementById("round-question");
  var roundNotice = document.getElementById("round-notice");
  var statusLine = document.getElementById("sync-status");
  var retryNowButton = document.getElementById("retry-now");
  var problemBox = document.getElementById("problem");
  var wayOn = document.getElementById("way-on");
  var list = document.getElementById("cards");
  var countBadge = document.getElementById("card-count");
  var starsLeft = document.getElementById("stars-left");
  var chips = Array.prototype.slice.call(document.querySelectorAll(".chip"));

  // The API gets no session cookie: its refusals are worded in the page's language, not the browser's.
  var API_HEADERS = {"Accept": "application/json", "Accept-Language": document.documentElement.lang};
  var MAX_BACKOFF = 30000;
  // A card whose send the server answers with an error of its own (500, 502, 503: a deploy restarting, a proxy's
  // hiccup) waits on its own, 2 s, then twice as long each time up to a minute; the other cards go on meanwhile.
  var HOLD_FIRST = 2000, HOLD_MAX = 60000;
  // Still failing that long after its first server error, a card is said to be so plainly: kept on this device, the
  // server refusing it, tried each minute (never dropped); "Try again now" sends what waits at once.
  var STILL_FAILING_AFTER = 180000;
  // A card whose sends got no answer at all (the venue's Wi-Fi up but with no way out, a connection cut) is tried
  // again after 1 s, 2 s, 4 s… up to 30 s. Once it has waited on the network that long, the waits are the longest:
  // the status says the server cannot be reached and "Try again now" shows (the organizer may have just fixed the
  // Wi-Fi). Never for "too many requests" (429): that wait is the server's, a tap must not hurry it.
  var UNREACHABLE_AFTER = MAX_BACKOFF;
  var REFRESH_EVERY = 4000;  // how soon the organizer's change of round reaches the table

  // --- storage ---------------------------------------------------------------------------
  function load(name, fallback) {
    try {
      var raw = localStorage.getItem(KEY + name);
      return raw === null ? fallback : JSON.parse(raw);
    } catch (e) {
      return fallback;
    }
  }
  // The device's storage full (or shut): what could not be written is kept in this page alone. The queue and the
  // list of cards not saved are then this page's own (never read back from storage, which still holds an older
  // queue: a card sent would be read back and sent again, and again), and the status line says so.
  var storageFull = false;
  // Storage refused outright, not full (private browsing, the site's storage switched off): the browser throws a
  // SecurityError (Firefox's storage switched off has no localStorage at all: a TypeError). No space freed would
  // help: the status line says so, and that the cards go straight from this open page.
  var storageBlocked = false;
  // An older Safari's private browsing gives the page a storage of no room at all: its first write throws a
  // QuotaExceededError on an empty storage. That is a refusal too, not a full storage: a storage really full holds
  // what this site kept there (this table's cards, the page's notes), an empty one refusing a few bytes never will.
  function quotaExceeded(error) {
    return error.name === "QuotaExceededError" || error.name === "NS_ERROR_DOM_QUOTA_REACHED" ||
           error.code === 22 || error.code === 1014;
  }
  function nothingStored() {
    try { return localStorage.length === 0; } catch (e) { return true; }
  }
  function refusedOutright(error) {
    return !!error && (error.name === "SecurityError" || error.name === "NotAllowedError" ||
                       error instanceof TypeError || (quotaExceeded(error) && nothingStored()));
  }
  function storageFailed(error) {
    storageFull = true;
    if (refusedOutright(error) !== storageBlocked) {
      storageBlocked = !storageBlocked;
      reserveStatusHeight();  // its messages are longer
    }
  }
  function store(name, value) {
    try {
      localStorage.setItem(KEY + name, JSON.stringify(value));
      return true;
    } catch (e) {
      if (name === "queue" || name === "refused" || name === "snapshot" || name === "draft") storageFailed(e);
      return false;
    }
  }
  // Said from the start when the browser refuses the page any storage (or has no room left at all): the facilitator
  // knows before typing the first card that this page must stay open.
  function probeStorage() {
    try {
      localStorage.setItem(KEY + "probe", "1");
      localStorage.removeItem(KEY + "probe");
    } catch (e) {
      storageFailed(e);
    }
  }
  probeStorage();
  // Room again (another site's data cleared): the cards kept in this page alone are written to the device again.
  function retryStorage() {
    if (!storageFull) return;
    storageFull = false;
    var probe = KEY + "room";
    try {
      localStorage.setItem(probe, new Array(2049).join("x"));  // room for a few more cards, not one write's
      localStorage.removeItem(probe);
    } catch (e) {
      storageFailed(e);
      return;
    }
    if (storageBlocked) {  // the browser lets the page keep cards again (its settings changed)
      storageBlocked = false;
      reserveStatusHeight();
    }
    if (!store("queue", queue) || !store("refused", refused) || !store("snapshot", snapshot)) return;
    renderStatus();
  }

  function forget(name) {
    try { localStorage.removeItem(KEY + name); } catch (e) { /* no storage */ }
  }
  function storedNames(prefix) {  // the names kept for this table that start with prefix
    var names = [];
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key && key.indexOf(KEY + prefix) === 0) names.push(key.slice(KEY.length));
      }
    } catch (e) { /* no storage */ }
    return names;
  }

  // --- this tab among the table's tabs ------------------------------------------------------
  // A tab has an id of its own, kept in sessionStorage (a reload keeps it, another tab has another one), and
  // says it is open by writing the time under "tab:<id>" every few seconds, deleted as the tab is closed.
  // (A hidden tab's timers may run once a minute only: it counts as open for 75 s after its last beat.)
  var TAB_BEAT = 5000, TAB_GONE = 75000;
  var tabId = null;
  try { tabId = sessionStorage.getItem("fw-capture:tab"); } catch (e) { /* no session storage */ }
  // A duplicated tab copies the session's id: an id still beating belongs to another open tab (a reload or a
  // closed tab stops beating as it goes).
  if (!tabId || Date.now() - (load("tab:" + tabId, 0) || 0) < TAB_GONE) {
    tabId = newId();
    try { sessionStorage.setItem("fw-capture:tab", tabId); } catch (e) { /* no session storage */ }
  }
  function beat() { store("tab:" + tabId, Date.now()); }
  beat();
  setInterval(beat, TAB_BEAT);
  window.addEventListener("pagehide", function () { forget("tab:" + tabId); });
  window.addEventListener("pageshow", beat);
  function tabOpen(id) {
    return id === tabId || Date.now() - (load("tab:" + id, 0) || 0) < TAB_GONE;
  }

  // The editor draft this tab opens with: its own (a reload). A tab that comes back with a new session (the phone
  // dropped it, the browser crashed) takes the newest draft left by a tab no longer open, when no other tab of the
  // table is open (one that is may be the tab that typed it); the drafts of closed tabs are then forgotten.
  function ownEditDraft() {
    var own = load("edit-draft:" + tabId, null);
    if (own) return own;
    storedNames("tab:").forEach(function (name) {  // tabs that stopped beating without saying so (a crash)
      if (!tabOpen(name.slice(4))) forget(name);
    });
    if (storedNames("tab:").some(function (name) { return name.slice(4) !== tabId; })) return null;
    var left = storedNames("edit-draft").filter(function (name) {  // "edit-draft" alone: an older page's
      return name === "edit-draft" || name.indexOf("edit-draft:") === 0;
    });
    var newest = null;
    left.forEach(function (name) {
      var draft = load(name, null);
      if (draft && (!newest || (draft.at || 0) > (newest.at || 0))) newest = draft;
      forget(name);
    });
    if (newest) store("edit-draft:" + tabId, newest);
    return newest;
  }

  var queue = load("queue", []);
  if (queue.some(function (op) { return !op.id; })) {  // a queue left by an older page: ids to drop its operations by
    queue.forEach(function (op) { op.id = op.id || newId(); });
    store("queue", queue);
  }
  var refused = load("refused", []);  // [{client_id, op: "create" | "edit", body, message, reason}]
  var snapshot = load("snapshot", null);  // {cards, current_round_id, groups, at}
  // The page may come from the offline cache: keep whichever list the server produced last.
  if (!snapshot || !snapshot.cards || pageState.generated_at > (snapshot.at || 0)) {
    snapshot = fromServer(pageState);
  }
  var state = pageState;  // rounds, groups, limit: from the page (the same offline: the page is cached)
  var listedGroups = JSON.stringify(state.groups);  // the chips' groups
  if (snapshot.groups) state.groups = snapshot.groups;  // the groups the server gave last, offline too
  var lastError = null;
  var blocked = null;  // a message while the link is revoked or unknown
  var flushing = false;
  var backoff = 0;
  var retryTimer = null;
  // Answers of the server that were errors (5xx), one after another with no other answer between: the second
  // says the server fails on everything (restarting, down), not on one card.
  var serverErrorsInARow = 0;

  function fromServer(data) {
    return {cards: data.cards, current_round_id: data.forum.current_round_id, groups: data.groups,
            at: data.generated_at};
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    if (window.crypto && crypto.getRandomValues) {
      crypto.getRandomValues(bytes);
    } else {
      for (var i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  // A text with a count comes in its two forms: the page language's plural rule picks one.
  function counted(forms, n) {
    var rule = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang).select(n) : "";
    return forms[rule] || forms.other;
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (m, name) { return values[name]; });
  }

  // --- what the page shows: the server's cards with the queue replayed on top --------------
  function visibleCards() {
    var cards = snapshot.cards.map(function (c) { return Object.assign({}, c); });
    var byId = {};
    cards.forEach(function (c) { byId[c.client_id] = c; });
    queue.forEach(function (op) {
      var card = byId[op.client_id];
      if (op.op === "create") {
        if (!card) {
          card = Object.assign({client_id: op.client_id, starred: false}, op.body);
          byId[op.client_id] = card;
          cards.unshift(card);
        }
        card.pending = true;
      } else if (card && op.op === "edit") {
        Object.assign(card, op.body);
        card.pending = true;
      } else if (card && op.op === "undo") {
        card.deleted = true;
      } else if (card && op.op === "star") {
        card.starred = op.body.starred;
        card.pending = true;
      }
    });
    refused.forEach(function (entry) {
      var card = byId[entry.client_id];
      if (entry.op === "create" && !card) {
        card = Object.assign({client_id: entry.client_id, starred: false}, entry.body);
        byId[entry.client_id] = card;
        cards.unshift(card);
      } else if (card && entry.op === "edit") {
        Object.assign(card, entry.body);
      }
      if (card) { card.refused = entry; card.pending = false; }
    });
    return cards.filter(function (c) { return !c.deleted; });
  }

  // Organizer-typed names and questions, in French when the page is and there is French wording.
  function inPageLanguage(item, field) {
    return (document.documentElement.lang === "fr" && item[field + "_fr"]) || item[field];
  }
  // A name with no French wording, shown on a French page, is English: marked so, as the server marks it
  // (lang_attribute), for screen readers.
  function markLanguage(node, item, field) {
    if (document.documentElement.lang === "fr" && !item[field + "_fr"]) node.lang = "en";
    return node;
  }
  function roundTitle(id) {
    var found = state.rounds.filter(function (r) { return r.id === id; })[0];
    return found ? inPageLanguage(found, "title") : texts.no_round;
  }
  // A round's title inside a sentence ("The organizer moved the room to “Best practices”", "Read “Best practices”:
  // 2 starred cards"), in a span marked with its language as markLanguage marks the menu's options: the sentence is
  // read with the page's voice, an English-only title on a French page with English sounds.
  function roundTitleNode(id) {
    var found = state.rounds.filter(function (r) { return r.id === id; })[0];
    var span = element("span", "", roundTitle(id));
    return found ? markLanguage(span, found, "title") : span;
  }
  // ``node`` holds ``template`` with its %(name)s filled from ``values`` (texts, or nodes such as roundTitleNode's);
  // left alone when it would read the same (an alert or a focused heading is not read out again for nothing).
  function fillNode(node, template, values) {
    var built = document.createElement("span");
    template.split(/%\((\w+)\)s/).forEach(function (part, i) {
      if (i % 2 === 0) {
        if (part) built.appendChild(document.createTextNode(part));
      } else {
        var value = values[part];
        built.appendChild(value instanceof Node ? value.cloneNode(true) : document.createTextNode(String(value)));
      }
    });
    if (node.innerHTML !== built.innerHTML) {
      node.replaceChildren.apply(node, Array.prototype.slice.call(built.childNodes));
    }
    return node;
  }
  function groupName(id) {
    var found = state.groups.filter(function (g) { return g.id === id; })[0];
    return found ? inPageLanguage(found, "name") : "";
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;  // never innerHTML: cards are user text
    return node;
  }

  var editing = null;  // client_id of the card being edited in place
  // What is typed in a card's editor is kept on the device as it is typed, as the new card's box is: a tab the
  // phone dropped or reloaded opens again on the editor, with the text and choices it had.
  // Each tab keeps its own: two tabs of the table (its QR code scanned twice) editing at once would otherwise
  // overwrite each other's text, and a reload open the other tab's card.
  var editDraft = ownEditDraft();  // {client_id, text, round_id, group_id, at}
  function keepEditDraft(draft) {
    editDraft = draft && Object.assign({at: Date.now()}, draft);
    if (draft) store("edit-draft:" + tabId, editDraft);
    else forget("edit-draft:" + tabId);
  }

  // The list is redrawn on every change: the button that had the focus gets it back, so a
  // keyboard user can star one card after another.
  function focusedAction() {
    var active = document.activeElement;
    var item = active && list.contains(active) && active.closest("[data-client-id]");
    return item && active.getAttribute("data-action")
      ? {clientId: item.getAttribute("data-client-id"), action: active.getAttribute("data-action")} : null;
  }
  // The list is also redrawn by the regular refresh: an open editor is moved over as it is, with
  // what was typed in it, and its field gets the focus back.
  var keptEditor = null;
  function keepEditor() {
    var editor = editing && list.querySelector(".edit-form");
    if (!editor) return null;
    var active = editor.contains(document.activeElement) ? document.activeElement : null;
    var range = active && active.tagName === "TEXTAREA" ? [active.selectionStart, active.selectionEnd] : null;
    return {
      node: editor,
      restore: function () {
        // an editor left in place by the redraw still has the focus: its caret (or a word being composed) is left alone
        if (!active || !editor.isConnected || document.activeElement === active) return;
        active.focus();
        if (range) active.setSelectionRange(range[0], range[1]);
      }
    };
  }
  function restoreFocus(focused) {
    if (!focused) return;
    var button = Array.prototype.filter.call(list.querySelectorAll("[data-action]"), function (node) {
      return node.getAttribute("data-action") === focused.action &&
        node.closest("[data-client-id]").getAttribute("data-client-id") === focused.clientId;
    })[0];
    if (button) button.focus();
  }

  // --- report-out stars: each round has its own report-out, so the limit holds per round ----------
  // (cards without a round share one of their own). Counted on the cards shown: queued stars count too.
  function starsByRound(cards) {
    var counts = {};
    cards.forEach(function (c) {
      if (c.starred) counts[c.round_id || ""] = (counts[c.round_id || ""] || 0) + 1;
    });
    return function (roundId) { return counts[roundId || ""] || 0; };
  }
  function roundFull(starredIn, roundId) {
    return starredIn(roundId) >= state.forum.report_out_limit;
  }
  // Why one more star in the round is refused: the server's words, naming the round.
  function starLimitMessage(roundId) {
    var limit = state.forum.report_out_limit;
    var forms = roundId && knownRound(roundId) ? texts.star_limit : texts.star_limit_no_round;
    return fill(counted(forms, limit), {n: limit, round: roundTitle(roundId)});
  }

  // A text set only when it changed: the same text written again replaces the node a screen reader is on.
  function setText(node, text) {
    text = String(text);
    if (node.textContent !== text) node.textContent = text;
  }

  function render() {
    var cards = visibleCards();
    var limit = state.forum.report_out_limit;
    var starredIn = starsByRound(cards);
    var focused = focusedAction();
    keptEditor = keepEditor();
    drawList(cards, starredIn);
    restoreFocus(focused);
    if (keptEditor) keptEditor.restore();
    keptEditor = null;
    setText(countBadge, cards.length);
    // The round chosen above the box: the one whose report-out comes next.
    // A forum without rounds has one report-out per table: no round is named.
    var round = chosenRound(), starred = starredIn(round);
    setText(starsLeft, fill(counted(state.rounds.length ? texts.stars_in_round : texts.stars, starred),
                            {round: roundTitle(round), n: starred, limit: limit}));
    renderReportOut();
    renderStatus();
  }

  // The list is redrawn on every change and every refresh, but only the cards whose look changed are
  // built again: a card drawn as it still is keeps its element, its buttons, the focus, a finger's tap that
  // started on it and a screen reader's place in it. A card is drawn from its fields, its round's star limit,
  // whether it is being edited or its removal asked about, and (not saved) the round it would be sent to;
  // the names of its round and group come from the forum's lists: when those change, every card is drawn again.
  var drawn = {};  // client_id -> {node, look}
  var drawnLists = null;
  var noCardsItem = null;
  function drawList(cards, starredIn) {
    var lists = JSON.stringify([state.rounds, state.groups]);
    if (lists !== drawnLists) { drawn = {}; drawnLists = lists; }
    var wanted = [], next = {};
    if (!cards.length) wanted.push(noCardsItem || (noCardsItem = element("li", "muted", texts.no_cards)));
    cards.forEach(function (card) {
      var limitReached = roundFull(starredIn, card.round_id);
      var look = JSON.stringify([card, limitReached, editing === card.client_id, removing === card.client_id,
                                 card.refused ? chosenRound() : null]);
      var old = drawn[card.client_id];
      var node = old && old.look === look ? old.node : cardItem(card, limitReached);
      next[card.client_id] = {node: node, look: look};
      wanted.push(node);
    });
    drawn = next;
    // What goes is taken out first, so that what stays is never moved (a moved button loses the focus).
    var staying = new Set(wanted);
    Array.prototype.slice.call(list.children).forEach(function (node) {
      if (!staying.has(node)) list.removeChild(node);
    });
    var at = list.firstChild;
    wanted.forEach(function (node) {
      if (node === at) at = at.nextSibling;
      else list.insertBefore(node, at);
    });
  }

  // --- the report-out: the round's starred cards, large, for the table's spokesperson -----------
  // Drawn from the same kept cards as the list (offline too). Numbered in the order the cards were
  // written, as the room's wall lists each table's starred points.
  var reportOut = document.getElementById("report-out");
  var reportOutOpen = document.getElementById("report-out-open");
  var reportOutHeading = document.getElementById("report-out-heading");
  var capturing = [document.querySelector(".capture-round"), roundQuestion, roundNotice, form, problemBox, wayOn,
                   document.querySelector(".capture-cards")];
  var pointsRead = null;  // the texts of the points drawn
  var reportedRound;  // the round shown, kept while the view is open (a change of round waits until it closes)

  function renderReportOut() {
    if (reportOut.hidden) return;
    var starred = visibleCards().filter(function (c) { return c.starred; }).reverse();  // oldest first
    var inRound = starred.filter(function (c) { return (c.round_id || null) === reportedRound; });
    var round = state.rounds.filter(function (r) { return r.id === reportedRound; })[0];
    fillNode(reportOutHeading, texts.report_out_round, {round: roundTitleNode(reportedRound)});  // not re-read every refresh
    setText(document.getElementById("report-out-question"), (round && inPageLanguage(round, "question")) || "");
    var points = document.getElementById("report-out-list");
    var read = JSON.stringify(inRound.map(function (card) { return card.text; }));
    if (read !== pointsRead) {  // the spokesperson's place in the points is kept while they stay the same
      pointsRead = read;
      points.textContent = "";
      inRound.forEach(function (card) {
        var point = element("li", "", card.text);
        point.dir = "auto";
        points.appendChild(point);
      });
    }
    document.getElementById("report-out-empty").hidden = inRound.length > 0;
    var elsewhere = starred.length - inRound.length;
    setText(document.getElementById("report-out-others"),
            elsewhere ? fill(counted(texts.starred_elsewhere, elsewhere), {n: elsewhere}) : "");
    otherReportOuts(starred);
  }

  // The other rounds' report-outs are read from here, one button each: choosing one above the box to read it
  // also sent the next cards there, until the organizer moved the room again (the room moves on, and a table then
  // reads out the round before).
  var otherRounds = document.getElementById("report-out-rounds");
  var otherRoundsShown = null;
  function otherReportOuts(starred) {
    if (!otherRounds) return;
    var counts = {};
    starred.forEach(function (c) {
      var id = c.round_id || null;
      if (id !== reportedRound && (id === null || knownRound(id))) counts[id || ""] = (counts[id || ""] || 0) + 1;
    });
    var ids = state.rounds.map(function (r) { return r.id; }).concat([null]).filter(function (id) {
      return counts[id || ""];
    });
    var labels = ids.map(function (id) {
      var n = counts[id || ""];
      return fill(counted(texts.report_out_read_round, n), {round: roundTitle(id), n: n});
    });
    var shown = JSON.stringify([ids, labels]);
    if (shown === otherRoundsShown) return;  // a refresh that changes nothing keeps the buttons (and the focus)
    otherRoundsShown = shown;
    otherRounds.textContent = "";
    ids.forEach(function (id, i) {
      var read = button("report-out-round", labels[i], "report-out-round", function () {
        reportedRound = id;
        pointsRead = null;
        renderReportOut();
        window.scrollTo(0, 0);
        reportOutHeading.focus();
      });
      var n = counts[id || ""];  // its words in one span: a flex button's every child would be a block of its own
      read.replaceChildren(fillNode(element("span"), counted(texts.report_out_read_round, n),
                                    {round: roundTitleNode(id), n: n}));
      otherRounds.appendChild(read);
    });
  }

  function showReportOut(open) {
    reportedRound = chosenRound();
    reportOut.hidden = !open;
    capturing.forEach(function (node) { if (node) node.classList.toggle("away", open); });
    render();
    if (open) {
      window.scrollTo(0, 0);
      reportOutHeading.focus();
    } else {
      reportOutOpen.focus();
    }
  }
  reportOutOpen.hidden = false;
  reportOutOpen.addEventListener("click", function () { showReportOut(true); });
  document.getElementById("report-out-close").addEventListener("click", function () { showReportOut(false); });
  reportOut.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !composing(event)) showReportOut(false);
  });

  var removing = null;  // client_id of the card whose removal waits for a second tap

  function button(className, text, action, onClick) {
    var node = element("button", className, text);
    node.type = "button";
    node.setAttribute("data-action", action);
    node.addEventListener("click", onClick);
    return node;
  }

  function cardItem(card, limitReached) {
    var item = element("li", "capture-card" + (card.starred ? " starred" : "") + (card.pending ? " pending" : "") +
                             (card.refused ? " refused" : ""));
    item.setAttribute("data-client-id", card.client_id);
    if (editing === card.client_id) {
      item.appendChild(keptEditor ? keptEditor.node : editForm(card));
      return item;
    }
    var textId = "card-text-" + card.client_id;
    var body = element("p", "capture-card-text", card.text);
    body.id = textId;
    body.dir = "auto";  // an Arabic or Persian card reads right to left, whatever the page's language
    item.appendChild(body);
    var meta = element("p", "capture-card-meta");
    var gone = card.refused && card.refused.round_title && !knownRound(card.round_id);
    var parts = [gone ? fill(texts.round_deleted_tag, {round: card.refused.round_title}) : roundTitle(card.round_id)];
    var groupGoneName = card.refused && card.refused.group_name && !knownGroup(card.group_id);
    if (groupGoneName) parts.push(fill(texts.group_deleted_tag, {group: card.refused.group_name}));
    else if (card.group_id && groupName(card.group_id)) parts.push(groupName(card.group_id));
    meta.textContent = parts.join(" · ");
    // Set apart as the parts are: "No round · waiting to send", not "No roundwaiting to send" read as one word
    if (card.pending) meta.append(" · ", element("span", "pending-tag", texts.pending));
    if (card.refused) meta.append(" · ", element("span", "refused-tag", texts.refused_tag));
    item.appendChild(meta);
    var describedBy = textId;
    if (card.refused) {
      var reason = element("p", "refused-reason", card.refused.message);
      reason.id = "card-reason-" + card.client_id;
      describedBy += " " + reason.id;
      item.appendChild(reason);
    }

    var actions = element("div", "capture-card-actions");
    if (removing === card.client_id) {
      actions.className += " confirm-remove";
      if (card.refused) {
        confirmRow(actions, card, card.refused.op === "edit" ? texts.discard_change_question : texts.discard_question,
                   texts.discard_yes, "discard", discardRefused);
      } else {
        confirmRow(actions, card, texts.remove_question, texts.remove_yes, "undo", undoCard);
      }
      item.appendChild(actions);
      return item;
    }
    var edit = button("small", texts.edit, "edit", function () {
      keepEditDraft(null);  // an editor opened afresh starts from the card
      editing = card.client_id;
      removing = null;
      render();
      var box = list.querySelector(".edit-text");
      if (box) { box.focus(); box.setSelectionRange(box.value.length, box.value.length); }
    });
    var buttons = card.refused
      ? [sendAgainButton(card), edit, askFirst(card, texts.discard, "discard")]
      : [starButton(card, limitReached), edit, askFirst(card, texts.undo, "undo")];
    buttons.forEach(function (node) {
      node.setAttribute("aria-describedby", describedBy);
      actions.appendChild(node);
    });
    item.appendChild(actions);
    return item;
  }

  function starButton(card, limitReached) {
    var star = button("star-button", card.starred ? "★" : "☆", "star", function () {
      if (!card.starred && limitReached) {
        showProblem(starLimitMessage(card.round_id));
        return;
      }
      enqueue({op: "star", client_id: card.client_id, body: {starred: !card.starred}});
    });
    star.setAttribute("aria-pressed", card.starred ? "true" : "false");
    // The name says what the button does, aria-pressed whether the card is starred (a name that changed
    // with it would say the state twice).
    star.setAttribute("aria-label", texts.star);
    star.title = texts.star;
    return star;
  }

  // A card not saved goes again as it is, or without the round deleted meanwhile: the button says where.
  function sendAgainButton(card) {
    var entry = card.refused, target = resentBody(entry);
    var moved = "round_id" in entry.body && target.round_id !== (entry.body.round_id || null);
    var ungrouped = !moved && "group_id" in entry.body && (entry.body.group_id || null) && !target.group_id;
    var label = ungrouped ? texts.send_without_group : !moved ? texts.send_again
      : target.round_id ? fill(texts.send_to_round, {round: roundTitle(target.round_id)}) : texts.send_without_round;
    return button("small primary", label, "send-again", function () { resendRefused(card.client_id); });
  }

  // Removing a card, or discarding one not saved, waits for a second tap on "Yes".
  function askFirst(card, text, action) {
    return button("small danger", text, action, function () {
      removing = card.client_id;
      render();
      var yes = list.querySelector("[data-action=" + action + "-yes]");
      if (yes) yes.focus();
    });
  }
  function confirmRow(actions, card, question, yesText, action, onYes) {
    function keep() {
      removing = null;
      render();
      restoreFocus({clientId: card.client_id, action: action});  // back where the keyboard was
    }
    actions.appendChild(element("span", "confirm-question", question));
    actions.appendChild(button("small danger", yesText, action + "-yes", function () { onYes(card.client_id); }));
    actions.appendChild(button("small", texts.remove_no, action + "-no", keep));
    actions.addEventListener("keydown", function (event) {  // as "Keep it"
      if (event.key === "Escape" && !composing(event)) keep();
    });
  }

  function choiceList(id, label, items, name, current, noneText) {
    var wrap = element("div", "edit-choice");
    var caption = element("label", "", label);
    caption.htmlFor = id;
    var select = element("select");
    select.id = id;
    var none = element("option", "", noneText);
    none.value = "";
    select.appendChild(none);
    items.forEach(function (item) {
      var option = markLanguage(element("option", "", inPageLanguage(item, name)), item, name);
      option.value = String(item.id);
      select.appendChild(option);
    });
    select.value = current ? String(current) : "";
    wrap.appendChild(caption);
    wrap.appendChild(select);
    return {node: wrap, value: function () { return select.value ? Number(select.value) : null; },
            focus: function () { select.focus(); }};
  }

  // A key pressed while an input method composes a word (Chinese, Japanese, a phone keyboard's suggestion) is the input
  // method's: its Enter takes the word, its Escape drops it. Safari says so by keyCode 229 alone, even on the Enter
  // that ends the composition.
  function composing(event) {
    return event.isComposing || event.keyCode === 229;
  }

  // Enter saves the card (fast typing), Shift+Enter starts a new line, in the new card's box as in a saved card's
  // editor: a hardware keyboard's (a tablet's, a phone's Bluetooth one), and a touch keyboard's that says its Shift
  // key. Some touch keyboards give no Enter key at all, only the line break it types ("Unidentified" keys, keyCode
  // 229, an Android IME finishing a word): that line break saves too, unless Shift+Enter asked for it; a pasted text's
  // line breaks are pastes, never saves, and the "New line" button's is typed by the page (typesNewLine).
  function enterSaves(box, save) {
    var newLineAsked = false;
    box.addEventListener("keydown", function (event) {
      newLineAsked = event.key === "Enter" && event.shiftKey;
      if (event.key === "Enter" && !event.shiftKey && !composing(event)) {
        event.preventDefault();
        save();
      }
    });
    box.addEventListener("beforeinput", function (event) {
      var lineBreak = event.inputType === "insertLineBreak" || event.inputType === "insertParagraph";
      if (!lineBreak || event.isComposing) return;
      if (newLineAsked) { newLineAsked = false; return; }
      event.preventDefault();
      save();
    });
  }

  // A touch screen's keyboard has no Shift+Enter, and its Enter saves: a "New line" button (shown on touch screens,
  // capture.css) types the line break where the caret is, for a card of several lines or a list, in the new card's box
  // as in a saved card's editor. The focus (and the keyboard) stays in the box: a tap that moved it to the button
  // would close the keyboard under the facilitator's fingers.
  function typesNewLine(newLine, box) {
    newLine.addEventListener("mousedown", function (event) { event.preventDefault(); });
    newLine.addEventListener("click", function () {
      box.focus();
      box.setRangeText("\n", box.selectionStart, box.selectionEnd, "end");
      box.dispatchEvent(new Event("input", {bubbles: true}));  // kept as the draft, counted, as typed
    });
  }

  function newLineButton(box) {
    var newLine = element("button", "new-line");
    newLine.type = "button";
    newLine.appendChild(element("span", "new-line-words", texts.new_line));
    typesNewLine(newLine, box);
    return newLine;
  }

  function editForm(card) {
    var editor = element("form", "edit-form");
    var label = element("label", "visually-hidden", texts.edit_label);
    label.htmlFor = "edit-text";
    var box = element("textarea", "edit-text");
    box.id = "edit-text";
    box.dir = "auto";
    box.rows = 3;
    box.maxLength = TEXT_MAX;  // app.js counts it, as the new card's box, once it has the focus
    var draft = editDraft && editDraft.client_id === card.client_id ? editDraft : {};
    box.value = typeof draft.text === "string" ? draft.text : card.text;
    editor.appendChild(label);
    var boxRow = element("div", "card-box");
    boxRow.appendChild(box);
    boxRow.appendChild(newLineButton(box));
    editor.appendChild(boxRow);
    var choices = element("div", "edit-choices");
    // A card not saved because its round (or group) was deleted: its editor offers where it would be sent.
    var start = card.refused ? Object.assign({}, card, resentBody(card.refused)) : card;
    var roundChoice = choiceList("edit-round", texts.round, state.rounds, "title",
                                 "round_id" in draft ? draft.round_id : start.round_id, texts.no_round);
    choices.appendChild(roundChoice.node);
    var groupChoice = null;
    if (state.groups.length) {
      groupChoice = choiceList("edit-group", texts.group, state.groups, "name",
                               "group_id" in draft ? draft.group_id : start.group_id, texts.no_group);
      choices.appendChild(groupChoice.node);
    }
    editor.appendChild(choices);
    function keepTyped() {
      keepEditDraft({client_id: card.client_id, text: box.value, round_id: roundChoice.value(),
                     group_id: groupChoice ? groupChoice.value() : card.group_id || null});
    }
    editor.addEventListener("input", keepTyped);
    editor.addEventListener("change", keepTyped);
    function done() { keepEditDraft(null); editing = null; render(); textBox.focus(); }
    // Cancelled (its button, or Escape), the keyboard goes back to the card's "Edit", not to the top of the page.
    function cancel() {
      keepEditDraft(null);
      editing = null;
      render();
      restoreFocus({clientId: card.client_id, action: "edit"});
    }
    editor.addEventListener("submit", function (event) {
      event.preventDefault();
      var value = box.value.trim();
      if (!value) { showProblem(texts.empty, true); box.focus(); return; }
      if (refusedAsTooLong(box)) return;
      var changes = {};
      if (value !== card.text) changes.text = value;
      if (roundChoice.value() !== (card.round_id || null)) changes.round_id = roundChoice.value();
      // A starred card takes its star to its new round: not past that round's limit (the editor stays open).
      var shown = visibleCards();
      var now = shown.filter(function (c) { return c.client_id === card.client_id; })[0] || card;
      if ("round_id" in changes && now.starred && !now.refused && roundFull(starsByRound(shown), changes.round_id)) {
        showProblem(texts.star_limit_move + " " + starLimitMessage(changes.round_id));
        roundChoice.focus();
        return;
      }
      if (groupChoice && groupChoice.value() !== (card.group_id || null)) changes.group_id = groupChoice.value();
      editing = null;
      if (card.refused) {
        resendRefused(card.client_id, changes);
      } else if (Object.keys(changes).length) {
        editCard(card.client_id, changes);
        announce(texts.card_edited);
      }
      done();
    });
    enterSaves(box, function () { editor.requestSubmit ? editor.requestSubmit() : save.click(); });
    editor.addEventListener("keydown", function (event) { if (event.key === "Escape" && !composing(event)) cancel(); });
    var row = element("div", "capture-card-actions");
    var save = element("button", "primary small", texts.save);
    save.type = "submit";
    row.appendChild(save);
    row.appendChild(button("small", texts.cancel, "cancel", cancel));
    editor.appendChild(row);
    return editor;
  }

  var announcedUntil = 0;
  function announce(message) {
    statusLine.textContent = message;
    announcedUntil = Date.now() + 2500;
    setTimeout(renderStatus, 2600);
  }

  // The status line starts empty (the page's HTML cannot know this device's queue) and is first written
  // once the page has loaded: a live region filled while the page loads is not read out by every screen
  // reader, one that changes afterwards is, once, with what was found in the queue.
  var statusShown = false;
  function showStatusOnceLoaded() {
    setTimeout(function () { statusShown = true; renderStatus(); }, 0);
  }

  // What the queue holds, counted in cards: a new card with its later changes is one card; a star, an edit or
  // a removal of a saved card is a change of that card (two changes of one card count once), not a card kept.
  function queuedCards() {
    var created = {}, changed = {};
    queue.forEach(function (op) { (op.op === "create" ? created : changed)[op.client_id] = true; });
    Object.keys(created).forEach(function (id) { delete changed[id]; });
    var changes = Object.keys(changed).length;
    return {n: Object.keys(created).length + changes, changes: changes};
  }

  // A card the server has failed on for minutes (its first error's time read from storage: a clock put back since
  // makes it a new failure, not an old one).
  function stillFailing() {
    var now = Date.now();
    return queue.some(function (op) {
      return op.serverErrors && op.failingSince && op.failingSince <= now && now - op.failingSince >= STILL_FAILING_AFTER;
    });
  }

  // A card that has waited on the network (no answer) for the longest wait between tries, while the device says it
  // is online (offline, nothing is tried: the cards go as soon as the device is back online).
  function unreachable() {
    var now = Date.now();
    return navigator.onLine && queue.some(function (op) {
      return op.lostSince && op.lostSince <= now && now - op.lostSince >= UNREACHABLE_AFTER;
    });
  }

  // "Try again now", beside Save card while a card waits after a server error, or long on the network: the
  // facilitator hears the server is back, or the Wi-Fi fixed (or cannot wait a minute more), and sends what waits at
  // once. Going, it leaves the focus in the card box.
  // Where it wraps below Save card (a 360 px phone in French), its room stays (unseen, unfocusable) while the card
  // waits offline, as the status line's row does: the cards never move under a finger by themselves.
  function showRetryNow(shown, roomKept) {
    if (!retryNowButton) return;
    if (!shown && document.activeElement === retryNowButton) textBox.focus();
    retryNowButton.hidden = !shown && !roomKept;
    retryNowButton.classList.toggle("room-kept", !shown && roomKept);
  }
  var triedNow = false;  // until the answer to the send it asked for: the status says "Sending"
  function retryNow() {
    freshQueue();
    queue.forEach(function (op) { delete op.retryAt; });
    store("queue", queue);
    backoff = 0;
    serverErrorsInARow = 0;  // two more failures in a row before the queue waits again: two requests, not a wave
    clearTimeout(retryTimer);
    retryTimer = null;
    triedNow = !flushing;
    flush();
  }
  if (retryNowButton) retryNowButton.addEventListener("click", retryNow);

  function renderStatus() {
    if (!statusShown) return;
    var n = queue.length, kept = queuedCards();
    var notSaved = refused.length && visibleCards().filter(function (c) { return c.refused; }).length;
    var syncState, message;
    if (storageFull && storageBlocked && !blocked) {
      syncState = "storage-blocked";
      message = n ? fill(counted(texts.storage_blocked_kept, kept.n), {n: kept.n}) : texts.storage_blocked;
    } else if (storageFull && !blocked) {
      syncState = "storage-full";
      message = n ? fill(counted(texts.storage_full_kept, kept.n), {n: kept.n}) : texts.storage_full;
    } else if (!n && notSaved) {
      syncState = "refused"; message = fill(counted(texts.refused, notSaved), {n: notSaved});
    } else if (!n) {
      syncState = "saved"; message = texts.saved;
    } else if (blocked) {
      syncState = "kept"; message = fill(counted(kept.changes ? texts.kept_changed : texts.kept, kept.n), {n: kept.n});
    } else if (!navigator.onLine) {
      syncState = "offline";
      message = fill(counted(kept.changes ? texts.offline_changed : texts.offline, kept.n), {n: kept.n});
    } else if (queue.some(function (op) { return op.serverErrors; })) {
      // until the card the server failed on is through (the other cards are sent meanwhile)
      syncState = "retrying";
      var forms = stillFailing() ? (kept.changes ? texts.still_failing_changed : texts.still_failing)
        : (kept.changes ? texts.server_problem_changed : texts.server_problem);
      message = fill(counted(forms, kept.n), {n: kept.n});
      if (flushing && triedNow) message = fill(texts.sending, {n: kept.n});  // "Try again now" tapped: on its way
    } else if (unreachable()) {
      syncState = "unreachable";
      message = fill(counted(kept.changes ? texts.unreachable_changed : texts.unreachable, kept.n), {n: kept.n});
      if (flushing && triedNow) message = fill(texts.sending, {n: kept.n});
    } else if (flushing) {
      syncState = "sending"; message = fill(texts.sending, {n: kept.n});
    } else {
      syncState = "waiting"; message = fill(texts.waiting, {n: kept.n});
    }
    wayOn.hidden = !blocked;
    // The offline row stays while the queue is being sent after an offline spell, and goes with any other state
    // (all saved, a card not saved, the link switched off). A server error takes it too: its message gives way
    // to "Sending" and back by itself, as the offline one does.
    if (syncState === "offline" || syncState === "retrying" || syncState === "unreachable" ||
        syncState === "storage-full" || syncState === "storage-blocked") {
      statusLine.classList.add("offline-row");
    } else if (syncState !== "waiting" && syncState !== "sending") statusLine.classList.remove("offline-row");
    statusLine.setAttribute("data-state", syncState);
    showRetryNow(syncState === "retrying" || syncState === "unreachable",
                 statusLine.classList.contains("offline-row") &&
                 queue.some(function (op) { return op.serverErrors || op.lostSince; }));
    // What the texts count is cards (kept.n); data-pending is the number of operations queued (a star and an
    // edit of one card are two).
    statusLine.setAttribute("data-pending", String(n));
    if (Date.now() >= announcedUntil && statusLine.textContent !== message) statusLine.textContent = message;
  }

  // The status line sits above the cards, and offline its message changes by itself (an announcement gives
  // way to "Offline: …" a moment later): from the first offline message until all is saved again it takes a
  // row of its own as high as the longest of those messages, so the cards never move under a finger about
  // to tap one. Online, its short messages stay beside the button (the cards stay in sight above a keyboard).
  // After a server error likewise, until all is saved.
  function reserveStatusHeight() {
    var many = 88;
    var messages = [fill(counted(texts.offline, many), {n: many}), fill(counted(texts.offline_changed, many), {n: many}),
                    fill(counted(texts.server_problem, many), {n: many}),
                    fill(counted(texts.server_problem_changed, many), {n: many}),
                    fill(counted(texts.still_failing, many), {n: many}),
                    fill(counted(texts.still_failing_changed, many), {n: many}),
                    fill(texts.waiting, {n: many}),
                    fill(texts.sending, {n: many}), texts.storage_full,
                    fill(counted(texts.storage_full_kept, many), {n: many}),
                    texts.saved, texts.card_added, texts.card_queued, texts.card_edited,
                    texts.card_undone, texts.card_discarded];
    // The messages of a network that does not answer; those of a browser that refuses any storage, only where it
    // does (they are the longest: every other device keeps its shorter row).
    [texts.unreachable, texts.unreachable_changed].forEach(function (forms) {
      messages.push(fill(counted(forms, many), {n: many}));
    });
    if (storageBlocked) {
      messages.push(texts.storage_blocked, fill(counted(texts.storage_blocked_kept, many), {n: many}));
    }
    var probe = statusLine.cloneNode(false);
    ["id", "role", "aria-live"].forEach(function (name) { probe.removeAttribute(name); });
    probe.setAttribute("aria-hidden", "true");
    probe.style.position = "absolute";
    probe.style.visibility = "hidden";
    probe.style.minHeight = "0";
    probe.style.width = statusLine.parentNode.clientWidth + "px";
    statusLine.parentNode.appendChild(probe);
    var tallest = messages.reduce(function (most, message) {
      probe.textContent = message;
      return Math.max(most, probe.getBoundingClientRect().height);
    }, 0);
    probe.remove();
    statusLine.style.setProperty("--offline-height", Math.ceil(tallest) + "px");
  }
  reserveStatusHeight();
  window.addEventListener("resize", reserveStatusHeight);

  // ``again``: the same message shown once more (Enter pressed again in an empty box) is emptied and
  // refilled, so that a screen reader reads it again instead of nothing happening.
  function showProblem(message, again) {
    if (again && !problemBox.hidden && problemBox.textContent === message) {
      problemBox.textContent = "";
      setTimeout(function () { if (!problemBox.textContent) showProblem(message); }, 100);
      return;
    }
    problemBox.textContent = message;
    problemBox.hidden = false;
  }
  function clearProblem() {
    tooLongIn = null;
    if (!blocked) { problemBox.hidden = true; problemBox.textContent = ""; }
  }
  // The link switched off or unknown (an answer's reason): cards are kept on this device until a link works.
  var linkOffAnswers = 0;  // how many answers said so: a refresh asked before the last of them is older news
  function linkOff(data) {
    linkOffAnswers++;
    if (data.reason === "link_unknown") forgetOwnCopy();
    blocked = fill(texts.link_dead, {message: data.error});
    showProblem(blocked);
  }
  // The link works again (switched back on): its message and the way to a new code go.
  function unblock() {
    if (!blocked) return;
    blocked = null;
    clearProblem();
    renderStatus();
  }

  // A card over the limit is never queued (the server would refuse it for good): it stays in its
  // box, marked invalid, and the problem says why until the text is short enough.
  var tooLongIn = null;  // the box whose card was refused as too long
  function tooLong(box) {
    return window.serverLength ? serverLength(box.value) > TEXT_MAX : false;  // without app.js, the server says it
  }
  function refusedAsTooLong(box) {
    if (!tooLong(box)) return false;
    box.setAttribute("aria-invalid", "true");
    showProblem(fill(texts.too_long, {length: new Intl.NumberFormat(document.documentElement.lang || undefined).format(serverLength(box.value))}));
    tooLongIn = box;
    box.focus();
    return true;
  }
  root.addEventListener("input", function (event) {
    if (event.target === tooLongIn && !tooLong(tooLongIn)) clearProblem();
  });

  // A value set here, not typed: app.js's count of the box follows it.
  function setBoxText(text) {
    textBox.value = text;
    textBox.dispatchEvent(new Event("input", {bubbles: true}));
  }

  // --- the queue ---------------------------------------------------------------------------
  function freshQueue() {
    if (!storageFull) queue = load("queue", queue);
  }

  function enqueue(op) {
    freshQueue();
    op.id = newId();
    // An edit of a card whose last change is still queued (its creation or an earlier edit)
    // changes that queued change; removing a card not sent yet drops it from the queue.
    var unsent = queue.filter(function (q) { return q.client_id === op.client_id && !q.tries; });
    var pendingCreate = unsent.filter(function (q) { return q.op === "create"; })[0];
    var lastUnsent = unsent[unsent.length - 1];
    var lastForCard = queue.filter(function (q) { return q.client_id === op.client_id; }).pop();
    if (op.op === "edit" && lastUnsent && lastUnsent === lastForCard && lastUnsent.op !== "star") {
      Object.assign(lastUnsent.body, op.body);
    } else if (pendingCreate && op.op === "undo") {
      queue = queue.filter(function (q) { return q.client_id !== op.client_id; });
    } else {
      queue.push(op);
    }
    store("queue", queue);
    clearProblem();
    render();
    flush();
  }

  var savedAt = 0;  // when the last card left the box: a double tap's second tap finds it empty
  function submitCard() {
    var text = textBox.value.trim();
    if (!text) {
      if (Date.now() - savedAt > 1000) showProblem(texts.empty, true);
      textBox.focus();
      return;
    }
    if (refusedAsTooLong(textBox)) return;
    saveNewCards([text]);
  }

  // The box's text leaves as one card, or as one card per line of a pasted list: each is queued (in the list's order,
  // the order the wall shows them in) with the round and the group chosen, before anything is sent.
  function saveNewCards(cardTexts) {
    var round = chosenRound();
    var group = selectedGroup();
    freshQueue();
    cardTexts.forEach(function (text) {
      queue.push({op: "create", id: newId(), client_id: newId(), body: {text: text, round_id: round, group_id: group},
                  tries: 0});
    });
    // Storage full or shut: the card is kept in this page and sent as usual; the status line says it is not kept
    // on the device (so the page must stay open until it is sent) and what to do.
    var kept = store("queue", queue);
    groupUsedIn(round);  // (before the table follows the room below: the group is then cleared)
    setBoxText("");
    savedAt = Date.now();
    store("draft", "");
    clearProblem();
    render();
    var n = cardTexts.length;
    if (!kept) announcedUntil = 0;  // the status line's "storage full" is what must be read
    else if (n === 1) announce(blocked ? texts.card_kept : navigator.onLine ? texts.card_added : texts.card_queued);
    else announce(fill(counted(blocked ? texts.kept : navigator.onLine ? texts.cards_added : texts.cards_queued, n),
                       {n: n}));
    followRoomAfterCard();
    textBox.focus();
    keepCardsInView();
    flush();
  }

  // --- a pasted list: one idea per line ----------------------------------------------------------
  // A facilitator pastes the ideas noted elsewhere (a notes app, a co-facilitator's message), one per line: saved as
  // they are, they made one card of several ideas (one theme, one star, one idea counted for all). While the box holds
  // such a paste, an offer under it saves each line as a card of its own; "Save card" still keeps the text whole.
  var SPLIT_MAX = 50;  // more lines than that are a document pasted, not a list of ideas
  var LIST_MARK = /^\s*(?:[-\u2010-\u2015\u2022\u2023\u2043\u25aa\u25ab\u25cf\u25cb\u25e6\u25a0\u25a1\u25ba\u27a2*+\u00b7>]+|\(?[0-9]{1,3}[.)])\s+/;
  var pasteSplit = document.getElementById("paste-split");
  var pasteSplitText = document.getElementById("paste-split-text");
  var pasteSplitSave = document.getElementById("paste-split-save");
  var pasted = false;  // the box's text came (in part) from a paste
  var splitShown = 0;  // the number of cards the offer last said
  function pastedLines(text) {
    return text.split("\n").map(function (line) { return line.replace(LIST_MARK, "").trim(); })
      .filter(function (line) { return line !== ""; });
  }
  function linesToSplit() {
    if (!pasted || !pasteSplit) return [];
    var lines = pastedLines(textBox.value);
    var fits = lines.every(function (line) { return !window.serverLength || serverLength(line) <= TEXT_MAX; });
    return lines.length >= 2 && lines.length <= SPLIT_MAX && fits ? lines : [];
  }
  function showSplitOffer() {
    if (!pasteSplit) return;
    var n = linesToSplit().length;
    if (!n) {
      if (!textBox.value.trim()) pasted = false;
      pasteSplit.hidden = true;
      splitShown = 0;
      return;
    }
    if (n === splitShown && !pasteSplit.hidden) return;
    pasteSplitText.textContent = fill(counted(texts.paste_lines, n), {n: n});
    pasteSplitSave.textContent = fill(counted(texts.paste_split, n), {n: n});
    spent(false);
    pasteSplit.hidden = false;  // read out as it shows (an alert, as the round's notice)
    splitShown = n;
  }
  // Once used, its place is kept a moment, unseen and inert: a double tap's second tap must neither land on what
  // would move up into it (a group's chip would tag the next cards) nor take the focus (and the keyboard) from the box.
  function spent(yes) {
    pasteSplit.classList.toggle("spent", yes);
    if (yes) pasteSplit.setAttribute("aria-hidden", "true"); else pasteSplit.removeAttribute("aria-hidden");
  }
  if (pasteSplit) {
    pasteSplit.addEventListener("mousedown", function (event) {
      if (pasteSplit.classList.contains("spent")) event.preventDefault();
    });
    textBox.addEventListener("paste", function () { pasted = true; });
    textBox.addEventListener("input", function (event) {
      if (event.inputType === "insertFromPaste" || event.inputType === "insertFromDrop") pasted = true;
      showSplitOffer();
      store("draft-pasted", pasted);  // kept with the draft: a reload offers the pasted list's split again
    });
    pasteSplitSave.addEventListener("click", function () {
      if (pasteSplit.classList.contains("spent")) { textBox.focus(); return; }
      var lines = linesToSplit();
      if (!lines.length) { showSplitOffer(); return; }
      saveNewCards(lines);
      pasted = false;
      pasteSplit.hidden = false;
      spent(true);
      splitShown = 0;
      textBox.focus();
      setTimeout(function () { if (!splitShown) { pasteSplit.hidden = true; spent(false); } }, 1000);
    });
  }

  function editCard(clientId, changes) {
    enqueue({op: "edit", client_id: clientId, body: changes});
  }
  function undoCard(clientId) {
    editing = removing = null;
    enqueue({op: "undo", client_id: clientId});
    announce(texts.card_undone);
    textBox.focus();
  }

  function request(op) {
    var url = api + (op.op === "create" ? "/cards" : "/cards/" + encodeURIComponent(op.client_id) + (op.op === "star" ? "/star" : ""));
    var method = {create: "POST", edit: "PATCH", undo: "DELETE", star: "PUT"}[op.op];
    var body = op.op === "create" ? Object.assign({client_id: op.client_id}, op.body) : op.body;
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller && setTimeout(function () { controller.abort(); }, 15000);
    return fetch(url, {
      method: method,
      headers: Object.assign({"Content-Type": "application/json"}, API_HEADERS),
      body: body ? JSON.stringify(body) : undefined,
      credentials: "omit",
      cache: "no-store",
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      // The time limit holds until the answer is read whole: an answer whose body stalls (a venue's proxy, a
      // dying connection) left the page "sending" for ever, and nothing else of the queue was sent.
      return response.json().catch(function (error) {
        if (error && error.name === "AbortError") throw error;
        return {};
      }).then(function (data) {
        clearTimeout(timer);
        return {status: response.status, data: data, retryAfter: Number(response.headers.get("Retry-After")) || 0};
      });
    }).then(null, function (error) {
      clearTimeout(timer);
      throw error;
    });
  }

  function applyCard(card) {
    var cards = snapshot.cards.filter(function (c) { return c.client_id !== card.client_id; });
    if (!card.deleted) {
      cards.push(card);
      cards.sort(function (a, b) { return b.id - a.id; });
    }
    snapshot.cards = cards;
    store("snapshot", snapshot);
    answersApplied++;
  }

  function drop(op) {
    freshQueue();
    queue = queue.filter(function (q) { return q.id !== op.id; });
    store("queue", queue);
  }

  // An answer that says the server (or a proxy before it) failed on this request, not that the request is wrong:
  // 5xx, and 408 (it gave up waiting for the request; an answer all the same, so not the network's silence).
  function serverFailure(status) {
    return status >= 500 || status === 408;
  }

  function scheduleRetry(delay) {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(function () { retryTimer = null; flush(); }, delay);
  }

  // --- a card the server failed on waits on its own ---------------------------------------------
  // Its operations keep their order (an edit never overtakes the card's creation), and so do those that give or
  // take a report-out star (a star, a removal, a move to another round): a star given after another was taken
  // back would be refused over the round's limit if it went first. Everything else goes on.
  function held(op, now) {
    // a wait read from storage longer than the longest one: the device's clock was put back; no wait then
    return op.retryAt > now && op.retryAt - now <= HOLD_MAX + 1000;
  }
  function touchesStars(op) {
    return op.op === "star" || op.op === "undo" || (op.op === "edit" && "round_id" in (op.body || {}));
  }
  // The next operation that may go, or null; ``soonest``: when the first one waiting may go again.
  function nextOp() {
    var now = Date.now(), waiting = {}, starsWait = false, soonest = null;
    for (var i = 0; i < queue.length; i++) {
      var op = queue[i];
      var mustWait = waiting[op.client_id] || held(op, now) || (starsWait && touchesStars(op));
      if (!mustWait) return {op: op};
      if (held(op, now) && (soonest === null || op.retryAt < soonest)) soonest = op.retryAt;
      waiting[op.client_id] = true;
      if (touchesStars(op)) starsWait = true;
    }
    return {op: null, soonest: soonest};
  }
  // ``lost``: no answer came (the network, or a connection cut on this request alone, e.g. by a filtering proxy):
  // the card waits too, at most as long as the whole queue waits for the network (so a queue held for a network
  // that came back without an "online" event goes on as soon as before), and the queue goes on with the other
  // cards when the network is there. The status says "Server problem" only for an answer of the server.
  function holdOp(op, retryAfter, lost) {
    freshQueue();
    var kept = queue.filter(function (q) { return q.id === op.id; })[0];
    if (!kept) return;  // sent meanwhile by the table's other tab
    var most = lost ? MAX_BACKOFF : HOLD_MAX;
    var times = lost ? (kept.lostAnswers = (kept.lostAnswers || 0) + 1)
                     : (kept.serverErrors = (kept.serverErrors || 0) + 1);
    if (!lost && !(kept.failingSince <= Date.now())) kept.failingSince = Date.now();  // its first server error
    if (lost && !(kept.lostSince <= Date.now())) kept.lostSince = Date.now();  // its first send with no answer
    var wait = Math.min(HOLD_FIRST * Math.pow(2, times - 1), most);
    wait = Math.min(Math.max(wait + Math.random() * wait / 10, retryAfter), most);
    kept.retryAt = Date.now() + wait;
    store("queue", queue);
  }
  // The server itself answered "too many requests": the cards that waited on the network before are not said to be
  // unreachable any more (nor offered "Try again now": that would hurry the server's wait).
  function reachedServer() {
    freshQueue();
    var changed = false;
    queue.forEach(function (op) { if (op.lostSince) { delete op.lostSince; changed = true; } });
    if (changed) store("queue", queue);
  }
  // The network is back: the cards that waited for it go at once (not those the server failed on).
  function releaseLost() {
    freshQueue();
    var changed = false;
    queue.forEach(function (op) {
      if (op.retryAt && !op.serverErrors) {
        delete op.retryAt; delete op.lostAnswers; delete op.lostSince; changed = true;
      }
    });
    if (changed) store("queue", queue);
  }

  function flush() {
    // navigator.onLine is only trusted when it says "offline"; the "online" event flushes again.
    if (!flushing) freshQueue();
    if (flushing || !queue.length || !navigator.onLine) { renderStatus(); return; }
    var next = nextOp();
    if (!next.op) {  // every card left waits after a server error: the first to go again is tried then
      if (next.soonest !== null) scheduleRetry(Math.max(next.soonest - Date.now(), 0) + 50);
      renderStatus();
      return;
    }
    flushing = true;
    renderStatus();
    var op = next.op;
    op.tries = (op.tries || 0) + 1;
    store("queue", queue);
    request(op).then(function (result) {
      flushing = false;
      triedNow = false;
      var serverFailed = serverFailure(result.status);
      serverErrorsInARow = serverFailed ? serverErrorsInARow + 1 : 0;
      var reason = result.data && result.data.reason;
      if (result.status >= 200 && result.status < 300 && result.data.card) {
        backoff = 0;
        unblock();
        drop(op);
        applyCard(result.data.card);
        render();
        if (queue.length) flush(); else refresh();
        return;
      }
      if (reason === "link_revoked" || reason === "link_unknown") {
        linkOff(result.data);
        if (op.op === "create") announce(texts.card_kept);  // not "Card added"
        else announcedUntil = 0;
        render();
        scheduleRetry(60000);
        return;
      }
      // The server failed on this one (500, 502, 503, 504, or a 408: the server or a proxy answered that it gave up
      // waiting for the request): it is sent again later, the other cards go on. An answer came: never "unreachable".
      // The next card goes at once; but once two cards in a row failed, the server fails on every card: the queue
      // waits (1 s, doubling up to 30 s, or the server's Retry-After) before trying the next one. Going on at once
      // sent every kept card again in each wave (each card's own wait ends at about the same time), a burst as
      // long as the queue at a server that was struggling to come back.
      if (serverFailed) {
        holdOp(op, Math.min(result.retryAfter * 1000, HOLD_MAX));
        if (serverErrorsInARow > 1) {
          retryLater(result.retryAfter * 1000);
          return;
        }
        backoff = 0;
        render();
        flush();
        return;
      }
      // A success without the card is not this server's answer (a venue Wi-Fi's login page): send it again. Its
      // card waits as for a lost answer (something on the way may answer so for this request alone: a filtering
      // proxy's page), the other cards go on; too many requests (429) are the link's: the whole queue waits.
      if (result.status < 300 || result.status === 429) {
        if (result.status !== 429) holdOp(op, 0, true);
        else reachedServer();  // its wait is the server's: no "Try again now" for a card held by the network before
        retryLater(result.retryAfter * 1000);
        return;
      }
      // Refused for good (conflict, invalid, a round deleted meanwhile, over the star limit): what was
      // typed is kept as "not saved"; a star or a removal has nothing typed to keep, it is only explained.
      drop(op);
      // An answer without our words is something on the way's (a proxy's page): said in the page's language.
      var message = (result.data && result.data.error) || (result.status === 413 ? texts.too_large_for_network
        : fill(texts.refused_by_network, {status: result.status}));
      // Its round was deleted by the organizer: said with the round's name, and the round leaves the page's lists
      // at once (not at the next refresh, which waits for the queue): it is never offered again.
      // The table's next cards of that round, refused in turn after it has left the lists, name it too.
      var goneTitle = reason === "round_unknown" && op.body && op.body.round_id
        ? (knownRound(op.body.round_id) ? roundTitle(op.body.round_id) : goneRoundTitle(op.body.round_id)) : null;
      if (goneTitle) message = fill(texts.round_gone, {round: goneTitle});
      if (reason === "round_unknown" && op.body && op.body.round_id) roundGone(op.body.round_id);
      // Its stakeholder group likewise: named, and its chip leaves at once (the card is sent again without it).
      var goneGroup = (reason === "group_unknown" && op.body && op.body.group_id &&
                       (groupName(op.body.group_id) || goneGroupNames[op.body.group_id])) || null;
      if (goneGroup) message = fill(texts.group_gone, {group: goneGroup});
      if (reason === "group_unknown" && op.body && op.body.group_id) groupGone(op.body.group_id);
      if ((op.op === "create" || op.op === "edit") && keepRefused(op, message, reason, goneTitle, goneGroup)) {
        message = fill(op.op === "create" ? texts.not_saved : texts.change_not_saved, {message: message}) +
          " " + texts.kept_in_list;
      }
      showProblem(message);
      render();
      if (queue.length) flush(); else refresh();  // a round or group deleted meanwhile leaves the page's lists
    }, function () {
      flushing = false;
      triedNow = false;
      holdOp(op, 0, true);
      retryLater(0);
    });
  }

  // --- cards refused for good -----------------------------------------------------------------
  function freshRefused() {
    if (!storageFull) refused = load("refused", refused);
  }

  function keepRefused(op, message, reason, goneTitle, goneGroup) {
    freshQueue();
    var body = Object.assign({}, op.body);
    if (op.op === "create") {  // the card's later changes, still queued, would be refused too: they join it
      var later = queue.filter(function (q) { return q.client_id === op.client_id; });
      queue = queue.filter(function (q) { return q.client_id !== op.client_id; });
      store("queue", queue);
      if (later.some(function (q) { return q.op === "undo"; })) return false;  // removed meanwhile: nothing to keep
      later.forEach(function (q) { if (q.op === "edit") Object.assign(body, q.body); });
    }
    var entry = {client_id: op.client_id, op: op.op, body: body, message: message, reason: reason || null};
    if (goneTitle) entry.round_title = goneTitle;  // the deleted round's name, for the card's line
    if (goneGroup) entry.group_name = goneGroup;  // the deleted group's, likewise
    if (reason === "undone" || reason === "no_card") {
      // The card is gone (removed from another device): a new text typed for it is kept as a card of its own.
      var card = snapshot.cards.filter(function (c) { return c.client_id === op.client_id; })[0] || {};
      if (!("text" in body)) return false;
      entry.op = "create";
      entry.client_id = newId();
      entry.body = Object.assign({round_id: card.round_id || null, group_id: card.group_id || null}, body);
    }
    freshRefused();
    refused.push(entry);
    store("refused", refused);
    return true;
  }

  function knownRound(id) {
    return state.rounds.some(function (r) { return r.id === id; });
  }
  function knownGroup(id) {
    return state.groups.some(function (g) { return g.id === id; });
  }
  // A group the server said was deleted leaves the chips at once, and the groups kept on the device (the list an
  // offline reload shows), until the server's own list is read again.
  var goneGroupNames = {};  // the next cards of a deleted group, refused in turn, name it too
  function groupGone(id) {
    if (groupName(id)) goneGroupNames[id] = groupName(id);
    state.groups = state.groups.filter(function (g) { return g.id !== id; });
    snapshot.groups = state.groups;
    store("snapshot", snapshot);
    listGroups();
  }
  // Where a card whose round was deleted goes: the table's round, else the room's, if the page still knows it
  // exists (a round the server refused is dropped from the page's list at once); else no round.
  function roundToSendTo(dead) {
    var chosen = chosenRound(), organizer = snapshot.current_round_id;
    if (chosen && chosen !== dead && knownRound(chosen)) return chosen;
    return organizer && organizer !== dead && knownRound(organizer) ? organizer : null;
  }
  // What a card refused for good is sent again as: a round or group deleted meanwhile is left out,
  // the card going to the round the table is on.
  function resentBody(entry) {
    var body = Object.assign({}, entry.body);
    var deadRound = entry.reason === "round_unknown" ? body.round_id : null;
    if ("round_id" in body && body.round_id && (body.round_id === deadRound || !knownRound(body.round_id))) {
      body.round_id = roundToSendTo(deadRound);
    }
    var group = body.group_id;
    if (group && (entry.reason === "group_unknown" ||
                  !state.groups.some(function (g) { return g.id === group; }))) body.group_id = null;
    return body;
  }

  // Taken out of the list read afresh, so a double tap or the table's other tab sends it once.
  function takeRefused(clientId) {
    freshRefused();
    var entry = refused.filter(function (e) { return e.client_id === clientId; })[0];
    if (!entry) return null;
    refused = refused.filter(function (e) { return e !== entry; });
    store("refused", refused);
    return entry;
  }

  function resendRefused(clientId, changes) {
    var entry = takeRefused(clientId);
    if (!entry) return;
    var body = Object.assign(resentBody(entry), changes || {});
    editing = removing = null;
    if (entry.op === "create") {
      // A new id: the refused one may belong to another card (a conflict); nothing was stored under it.
      freshQueue();
      queue.push({op: "create", id: newId(), client_id: newId(), body: body, tries: 0});
      store("queue", queue);
      clearProblem();
      render();
      flush();
    } else {
      enqueue({op: "edit", client_id: clientId, body: body});
    }
    announce(navigator.onLine ? texts.card_added : texts.card_queued);
    textBox.focus();
  }

  function discardRefused(clientId) {
    editing = removing = null;
    takeRefused(clientId);
    clearProblem();
    render();
    announce(texts.card_discarded);
    textBox.focus();
  }

  function retryLater(atLeast) {
    backoff = Math.min(backoff ? backoff * 2 : 1000, MAX_BACKOFF);
    // a Retry-After is honoured up to a card's longest wait: a day's would stop the table (and past 24.8 days a
    // browser's timer fires at once, so the queue would be sent again without any wait, over and over)
    scheduleRetry(Math.max(backoff + Math.random() * 500, Math.min(atLeast || 0, HOLD_MAX)));
    render();
  }

  // --- the server's view: cards from other devices, the organizer's current round ------------
  // A list the server read before a card's answer came back is older than the page's: it would take the card
  // (or its star, its edit) away until the next refresh. Each answer applied, here or in the table's other
  // tab, is counted; a refresh asked before it is dropped.
  var answersApplied = 0;
  var refreshesApplied = 0;
  // Only once the queue is sent, or all that is left waits after a server error (up to a minute, maybe for long):
  // the organizer's change of round, a round deleted, still reach the table meanwhile.
  function queueSettled() {
    return !queue.length || !nextOp().op;
  }
  var refreshAnswers = 0;
  function refresh() {
    if (!queueSettled() || flushing || !navigator.onLine) return;
    var asked = answersApplied, linkAnswersAsked = linkOffAnswers;
    fetch(api, {headers: API_HEADERS, credentials: "omit", cache: "no-store"})
      .then(function (response) {
        return response.json().then(function (data) { return {status: response.status, data: data}; });
      })
      .then(function (result) {
        applyRefresh(result, asked, linkAnswersAsked);
        refreshAnswers++;  // every answer, drawn or dropped: a mark for whoever waits for one (the browser tests)
        root.setAttribute("data-refresh-answers", String(refreshAnswers));
      })
      .catch(function () { /* offline: the next refresh will try again */ });
  }
  function applyRefresh(result, asked, linkAnswersAsked) {
    if (result.status !== 200) {
      if (result.data.reason === "link_revoked" || result.data.reason === "link_unknown") {
        linkOff(result.data);
        renderStatus();
      }
      return;
    }
    // Read before a card's answer said the link is off (the refresh after the last card saved, while the
    // organizer switched it off): it says nothing of the link now.
    if (linkAnswersAsked !== linkOffAnswers) return;
    unblock();
    if (!queueSettled() || flushing) return;  // a card was typed meanwhile: its answer comes first
    if (asked !== answersApplied) return;  // read before a card's answer: the next refresh is newer
    var roundChanged = result.data.forum.current_round_id !== snapshot.current_round_id;
    state = result.data;
    forget("gone-rounds");  // the server's list of rounds is the truth again
    snapshot = fromServer(result.data);
    store("snapshot", snapshot);
    listRounds();
    listGroups();
    if (roundChanged) followOrganizerRound(true);
    render();
    refreshesApplied++;  // a mark for whoever waits for the next refresh drawn (the browser tests)
    list.setAttribute("data-refreshes", String(refreshesApplied));
  }

  // --- round and stakeholder group -----------------------------------------------------------
  // Rounds the server said were deleted (a card refused with "round_unknown"), kept on the device until the
  // server's own list is read again: an offline reload of the cached page must not offer them again.
  // Its title is kept with it (the next cards of the round, refused in turn, name it too, also after a reload).
  function roundGone(id) {
    var gone = load("gone-rounds", null) || {ids: []};
    if (gone.ids.indexOf(id) < 0) gone.ids.push(id);
    gone.titles = gone.titles || {};
    if (knownRound(id)) gone.titles[id] = roundTitle(id);
    if (gone.titles[id]) goneRoundTitles[id] = gone.titles[id];
    gone.at = Math.max(Date.now(), (state.generated_at || 0) + 1);  // newer than the list shown (clocks differ)
    store("gone-rounds", gone);
    dropGoneRounds();
  }
  var goneRoundTitles = {};  // kept here too: the device's list is forgotten once the server's own list is newer
  function goneRoundTitle(id) {
    var gone = load("gone-rounds", null);
    return goneRoundTitles[id] || (gone && gone.titles && gone.titles[id]) || null;
  }
  function dropGoneRounds() {
    var gone = load("gone-rounds", null);
    if (!gone || !gone.ids) return;
    if ((gone.at || 0) < (state.generated_at || 0)) { forget("gone-rounds"); return; }  // the list is newer
    state.rounds = state.rounds.filter(function (r) { return gone.ids.indexOf(r.id) < 0; });
    listRounds();
  }

  // A round added or renamed during the forum joins the list (the page's own list was made at load:
  // the organizer's new round was chosen in vain, and cards went to no round).
  var listedRounds = JSON.stringify(state.rounds);
  function listRounds() {
    if (JSON.stringify(state.rounds) === listedRounds) return;
    listedRounds = JSON.stringify(state.rounds);
    var chosen = roundSelect.value;
    while (roundSelect.options.length > 1) roundSelect.remove(1);  // the first is "No round"
    state.rounds.forEach(function (r) {
      var option = markLanguage(element("option", "", inPageLanguage(r, "title")), r, "title");
      option.value = String(r.id);
      roundSelect.appendChild(option);
    });
    roundSelect.value = chosen;
    // The organizer deleted the table's round: follow the room rather than fall to "No round".
    if (roundSelect.value !== chosen) followOrganizerRound(false);
  }

  function chosenRound() {
    return roundSelect.value ? Number(roundSelect.value) : null;
  }
  function setRound(id) {
    roundSelect.value = id ? String(id) : "";
    var round = state.rounds.filter(function (r) { return r.id === id; })[0];
    roundQuestion.textContent = (round && inPageLanguage(round, "question")) || "";
    groupForRound(id);
  }

  // The organizer's move of the room reaches a table while its facilitator types the last idea of the round: that card
  // stays in the round it was typed in (the one chosen above the box); the table follows the room once it is saved, or
  // the box emptied. ``roundAfterCard`` is the room's round then (kept on the device: "after" in the stored round).
  var roundAfterCard = null;
  function showRoundNotice(template, values) {
    fillNode(document.getElementById("round-notice-text"), template, values);
    roundNotice.hidden = false;  // read out as it shows (an alert), not repeated in the status line
  }
  function followOrganizerRound(announceIt) {
    var current = snapshot.current_round_id;
    if (current !== null && !knownRound(current)) current = null;  // deleted: the server has not said so yet
    // "No round (facilitators choose)": the table stays on its round (it was moved to "No round").
    var kept = current === null ? chosenRound() : current;
    var typedIn = chosenRound();
    // (a card typed with no round chosen, before the rounds began, goes to the room's first round)
    if (announceIt && kept !== typedIn && typedIn !== null && textBox.value.trim()) {
      roundAfterCard = kept;
      store("round", {id: typedIn, organizer: current, after: kept});
      showRoundNotice(texts.round_changed_typing, {round: roundTitleNode(kept), typed: roundTitleNode(typedIn)});
      return;
    }
    roundAfterCard = null;
    store("round", {id: kept, organizer: current});
    setRound(kept);
    // Stays until the facilitator has seen it: the next cards go to the new round.
    if (announceIt && current !== null) showRoundNotice(texts.round_changed, {round: roundTitleNode(current)});
  }
  // The card typed when the room moved on is saved (or its text deleted): the table follows the room now.
  function followRoomAfterCard() {
    if (roundAfterCard === null || textBox.value.trim()) return;
    var next = knownRound(roundAfterCard) ? roundAfterCard : chosenRound();
    roundAfterCard = null;
    store("round", {id: next, organizer: snapshot.current_round_id});
    setRound(next);
    render();  // the stars counted are the new round's
    if (!roundNotice.hidden) showRoundNotice(texts.round_changed, {round: roundTitleNode(next)});
  }

  function restoreRound() {
    // The facilitator's own choice is kept until the organizer moves the room to another round.
    var saved = load("round", null);
    var valid = saved && (saved.id === null || state.rounds.some(function (r) { return r.id === saved.id; }));
    var organizer = snapshot.current_round_id;
    if (valid && (saved.organizer === organizer || organizer === null)) {
      setRound(saved.id);
      // a reload while the card typed as the room moved on is still in the box: it still goes to its round
      if (saved.after && knownRound(saved.after) && saved.after !== saved.id) {
        roundAfterCard = saved.after;
        if (!textBox.value.trim()) followRoomAfterCard();  // saved or emptied in a tab closed since
        else showRoundNotice(texts.round_changed_typing,
                             {round: roundTitleNode(saved.after), typed: roundTitleNode(saved.id)});
      }
    } else if (valid && saved.id !== null && textBox.value.trim()) {
      // The room moved on while the page was closed with a card half-typed in its round: that card goes there.
      setRound(saved.id);
      followOrganizerRound(true);
    } else {
      followOrganizerRound(false);
    }
  }

  document.getElementById("round-notice-ok").addEventListener("click", function () {
    roundNotice.hidden = true;
    textBox.focus();
  });

  roundSelect.addEventListener("change", function () {
    var id = chosenRound();
    roundAfterCard = null;  // the facilitator's own choice: it holds for this card and the next ones
    store("round", {id: id, organizer: snapshot.current_round_id});
    setRound(id);
    render();  // the stars counted are the round's; "Send to <round>" names the round chosen
  });

  // A group the organizer adds, renames or deletes during the forum changes the chips at the next refresh.
  var groupPicker = document.getElementById("group-picker");
  var groupToggle = document.getElementById("group-toggle");
  var groupChips = document.getElementById("group-chips");
  function listGroups() {
    if (JSON.stringify(state.groups) === listedGroups) return;
    listedGroups = JSON.stringify(state.groups);
    var chosen = selectedGroup();
    chips.forEach(function (chip) { chip.remove(); });
    chips = state.groups.map(function (g) {
      var chip = markLanguage(element("button", "chip", inPageLanguage(g, "name")), g, "name");
      chip.type = "button";
      chip.setAttribute("data-group", String(g.id));
      groupChips.appendChild(chip);
      return chip;
    });
    groupPicker.hidden = !chips.length;
    var kept = state.groups.some(function (g) { return g.id === chosen; }) ? chosen : null;
    setGroup(kept);
    if (kept !== chosen) keepGroup();  // its group deleted by the organizer: the next cards have none
    showNextGroup();
  }

  function selectedGroup() {
    var chip = chips.filter(function (c) { return c.getAttribute("aria-pressed") === "true"; })[0];
    return chip ? Number(chip.getAttribute("data-group")) : null;
  }
  function setGroup(id) {
    chips.forEach(function (c) {
      c.setAttribute("aria-pressed", Number(c.getAttribute("data-group")) === id ? "true" : "false");
    });
    var chosen = selectedGroup();
    var group = state.groups.filter(function (g) { return g.id === chosen; })[0];
    // The name in a span of its own, marked with its language: on a phone a long one wraps onto a second line beside
    // the button that clears it (capture.css), never cut short.
    if (group) {
      fillNode(groupToggle, texts.group_named,
               {name: markLanguage(element("span", "group-toggle-name", groupName(chosen)), group, "name")});
    } else {
      setText(groupToggle, texts.group_none);
    }
  }

  // The group chosen stays for the next cards (a speaker often says several ideas), so a run of cards could go on being
  // tagged with the last speaker's group unseen: the line under the chips says where the next cards go, with one button
  // to clear the group. Its words are a polite live region, set only when they change: read out once as the group
  // changes, never at each card. A new round (new speakers) clears the group, and the line says so until the next
  // group is chosen. The line keeps its height whatever it says: nothing under a finger moves as it changes (on a phone
  // its words are the group button's, and its button sits beside it).
  // "A new round" is a move from the round a card was saved in with the group to another real round: a group chosen
  // before the round (in "No round", in a forum where facilitators choose theirs), or before a round picked by mistake
  // is corrected, has tagged no card yet and stays; a move to "No round" clears nothing either.
  var nextGroupText = document.getElementById("next-group-text");
  var nextGroupClear = document.getElementById("next-group-clear");
  // The round of the last card saved with the group chosen (null: none saved with it yet in a real round; undefined:
  // not known, an older page's choice).
  var groupRound;
  var groupNote = null;  // "round": the group was cleared by a new round
  // The group is the table's, not the tab's: kept on the device, and followed by the table's other tabs as it changes
  // (the storage event below), so that the line of every tab says where the next cards of any of them go.
  function keepGroup() {
    store("group", {id: selectedGroup(), round: groupRound === undefined ? null : groupRound, note: groupNote});
  }
  function restoreGroup() {
    var kept = load("group", null);
    if (typeof kept === "number") kept = {id: kept};  // an older page's: the group's id alone
    kept = kept || {};
    setGroup(kept.id || null);
    groupRound = "round" in kept ? kept.round : undefined;
    groupNote = kept.note || null;
    showNextGroup();
  }
  function showNextGroup() {
    if (!chips.length) {  // a forum without groups: nothing to say (the box's description names this line)
      setText(nextGroupText, "");
      nextGroupClear.hidden = true;
      return;
    }
    var chosen = selectedGroup();
    var group = state.groups.filter(function (g) { return g.id === chosen; })[0];
    if (group) {
      groupNote = null;
      fillNode(nextGroupText, texts.next_group,
               {group: markLanguage(element("span", "", groupName(chosen)), group, "name")});
    } else {
      setText(nextGroupText, groupNote === "round" ? texts.next_group_new_round : texts.next_group_none);
    }
    nextGroupClear.hidden = !group;
  }
  // The table's round is now ``id``: a group that tagged cards in another round is cleared, and the line says so.
  function groupForRound(id) {
    var wasUsed = typeof groupRound === "number";  // a card was saved with the group, in a real round
    if (selectedGroup() === null || !wasUsed || id === null || id === groupRound) return;
    setGroup(null);
    groupRound = null;
    groupNote = "round";
    keepGroup();
    showNextGroup();
  }
  // A card is saved with the group chosen, in ``round``: the round the group now belongs to (a card saved in "No round"
  // leaves it as it was: a step aside, not a new round).
  function groupUsedIn(round) {
    if (selectedGroup() === null || round === null || groupRound === round) return;
    groupRound = round;
    keepGroup();
  }
  nextGroupClear.addEventListener("click", function () {
    setGroup(null);
    groupNote = null;
    keepGroup();
    showNextGroup();
    textBox.focus();
  });
  // On a phone the chips fold into one button, so the saved cards stay in view while typing.
  function openGroups(open) {
    groupPicker.classList.toggle("open", open);
    groupToggle.setAttribute("aria-expanded", open ? "true" : "false");
  }
  groupToggle.addEventListener("click", function () {
    var open = !groupPicker.classList.contains("open");
    openGroups(open);
    if (open) (chips.filter(function (c) { return c.getAttribute("aria-pressed") === "true"; })[0] || chips[0]).focus();
  });
  groupChips.addEventListener("click", function (event) {
    var chip = event.target.closest(".chip");
    if (!chip) return;
    var id = Number(chip.getAttribute("data-group"));
    setGroup(selectedGroup() === id ? null : id);
    groupNote = null;
    groupRound = null;  // no card saved with it yet: choosing the round next keeps it
    keepGroup();
    showNextGroup();
    openGroups(false);
    textBox.focus();
  });

  // --- on a phone: the newest saved cards stay in sight above the keyboard ----------------------
  var phone = window.matchMedia ? window.matchMedia("(max-width: 480px)") : {matches: false};
  function keepCardsInView() {
    var first = list.firstElementChild;
    if (!phone.matches || document.activeElement !== textBox || !first) return;
    var height = window.visualViewport ? window.visualViewport.height : window.innerHeight;
    var hidden = first.getBoundingClientRect().top + Math.min(first.offsetHeight, 72) - height;
    var room = form.getBoundingClientRect().top;  // never scroll the box itself out of sight
    var by = Math.min(hidden, room);
    if (by > 0) window.scrollBy(0, by);
  }
  textBox.addEventListener("focus", function () { setTimeout(keepCardsInView, 50); });
  // On a phone the hint under the box takes no row (the cards stay in sight above the keyboard): it is written in the
  // empty box instead, where the facilitator types each card (still the box's description for screen readers).
  var cardHelp = document.getElementById("card-help");
  var touch = window.matchMedia ? window.matchMedia("(pointer: coarse)") : {matches: false};
  if (touch.matches && cardHelp) cardHelp.textContent = texts.hint_touch;  // no Shift+Enter: the "New line" button
  function hintInBox() {
    if (phone.matches && cardHelp) textBox.setAttribute("placeholder", cardHelp.textContent.trim());
    else textBox.removeAttribute("placeholder");
  }
  hintInBox();
  if (phone.addEventListener) phone.addEventListener("change", hintInBox);
  if (window.visualViewport) window.visualViewport.addEventListener("resize", keepCardsInView);

  // --- typing --------------------------------------------------------------------------------
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    submitCard();
  });
  enterSaves(textBox, submitCard);
  typesNewLine(document.getElementById("new-line"), textBox);
  // Keep a half-typed card across a reload or a dropped tab.
  textBox.addEventListener("input", function () {
    store("draft", textBox.value);
    if (problemBox.textContent === texts.empty) clearProblem();
    followRoomAfterCard();
  });
  // A list pasted before a reload (or a tab the phone dropped) is offered as one card per line again. (A draft kept by
  // an older page says nothing of a paste: one of several lines is offered too; it is only an offer.)
  var keptDraft = load("draft", "") || "";
  var keptPasted = load("draft-pasted", null);
  pasted = keptPasted === null ? keptDraft.trim().indexOf("\n") >= 0 : keptPasted === true;
  setBoxText(keptDraft);
  // The table and forum the box's text is typed for, and the account it is typed for (the page's own when signed in,
  // the forum's owner on a table link's page): a text never saved is listed under that name by the capture page of the
  // next table of that account opened on this device, and by its "Tables I facilitate" (capture-drafts.js).
  store("label", document.title);
  store("owner", document.getElementById("drafts-elsewhere").getAttribute("data-owner"));

  window.addEventListener("online", function () {
    backoff = 0; clearTimeout(retryTimer); retryTimer = null; releaseLost(); flush(); render();
  });
  window.addEventListener("offline", render);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { flush(); refresh(); }
  });
  // (each 5 s the status is drawn again too: a card that has waited long enough on the network is said to, and
  // "Try again now" shows, between two tries half a minute apart)
  setInterval(function () {
    retryStorage();
    if (queue.length && !flushing && !retryTimer) flush(); else renderStatus();
  }, 5000);
  setInterval(refresh, REFRESH_EVERY);
  // What the table's other tab typed, sent or chose shows here too.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY + "group") { restoreGroup(); return; }  // chosen or cleared in the table's other tab
    if ([KEY + "queue", KEY + "snapshot", KEY + "refused"].indexOf(event.key) < 0) return;
    freshQueue();
    freshRefused();
    if (event.key === KEY + "snapshot") answersApplied++;  // maybe a card's answer the other tab applied
    if (!storageFull) snapshot = load("snapshot", snapshot);  // else this page's own is newer
    if (snapshot.groups) { state.groups = snapshot.groups; listGroups(); }
    render();
  });

  // --- offline reloads: a service worker serves this page from its cache when there is no network.
  // A signed-in page's copy is noted as this account's: app.js deletes it on a page of another account.
  var worker = root.getAttribute("data-service-worker");
  var offlineCache = root.getAttribute("data-offline-cache");
  var scope = worker ? worker.split("?")[0].replace(/[^/]*$/, "") : "";
  // A table link's page (not a signed-in one) notes on the device when it was last opened, online or offline: the
  // copies of the links not opened for that long (a past forum's) go as a link's page loads, unless their table's
  // queue still holds cards not sent, and a copy whose link the server says is gone goes at once.
  var FORGET_COPIES_AFTER = Number(root.getAttribute("data-forget-copies-after-days") || 0) * 86400000;
  var OPENED = "fw-capture:opened:";
  var ownToken = api.slice(api.lastIndexOf("/") + 1);
  if (FORGET_COPIES_AFTER) {
    try { localStorage.setItem(OPENED + ownToken, String(Date.now())); } catch (e) { /* no storage: the copy's date */ }
  }
  var ownCopyForgotten = false;
  // The server says this link is gone (404: replaced, its forum deleted): its copy goes. The cards typed on it stay
  // in the table's queue, listed by the link's page and sent by the table's new link.
  function forgetOwnCopy() {
    if (!FORGET_COPIES_AFTER || ownCopyForgotten || !window.caches) return;
    ownCopyForgotten = true;
    try { localStorage.removeItem(OPENED + ownToken); } catch (e) { /* no storage */ }
    caches.open(offlineCache).then(function (cache) { return cache.delete(location.href, {ignoreSearch: true}); })
      .catch(function () { /* nothing kept */ });
  }
  // Cards of the link's table not sent yet: its queue, cards the server refused that wait to be sent again, or a
  // card's edit typed and not saved (an editor draft of one of its tabs, reopened by the page).
  function holdsUnsent(token) {
    var table;
    try { table = localStorage.getItem("fw-capture:link:" + token); } catch (e) { return false; }  // none kept
    if (table === null) return false;  // never noted: this device kept nothing for it
    return tableHoldsUnsent(table);
  }
  function tableHoldsUnsent(table) {
    var prefix = "fw-capture:table:" + table + ":";
    try {
      var waiting = ["queue", "refused"].some(function (name) {
        var kept = JSON.parse(localStorage.getItem(prefix + name));
        return !!kept && kept.length > 0;
      });
      for (var i = 0; !waiting && i < localStorage.length; i++) {
        var key = localStorage.key(i);
        // "edit-draft" alone: an older page's
        if (key === prefix + "edit-draft" || (key && key.indexOf(prefix + "edit-draft:") === 0)) {
          waiting = !!JSON.parse(localStorage.getItem(key));
        }
      }
      return waiting;
    } catch (e) {
      return true;  // unreadable: kept, rather than risk a page with cards on it
    }
  }
  function openedAt(token, copy) {
    var noted = 0;
    try { noted = Number(localStorage.getItem(OPENED + token)) || 0; } catch (e) { /* no storage */ }
    // a copy kept before the page noted its openings: when it was last fetched
    return Math.max(noted, Date.parse(copy && copy.headers.get("Date")) || 0);
  }
  function linkToken(request) {  // the token of a table link's page kept, else ""
    var path = new URL(request.url).pathname;
    var token = path.indexOf(scope) === 0 ? path.slice(scope.length) : "";
    return token.indexOf("/") < 0 ? token : "";
  }
  // The copies of other links not opened for FORGET_COPIES_AFTER go, unless their table still holds cards not sent;
  // the notes of copies no longer kept (the service worker drops a link the server says is gone) go with them.
  function forgetOldCopies() {
    if (!FORGET_COPIES_AFTER) return null;
    return caches.open(offlineCache).then(function (cache) {
      return cache.keys().then(function (requests) {
        return Promise.all(requests.map(function (request) {
          var token = linkToken(request);
          if (!token || token === ownToken) return null;
          return cache.match(request).then(function (copy) {
            var opened = openedAt(token, copy);
            if (!opened || Date.now() - opened < FORGET_COPIES_AFTER || holdsUnsent(token)) return null;
            return cache.delete(request);
          });
        }));
      }).then(function () {
        return cache.keys();
      }).then(function (requests) {
        var kept = {};
        requests.forEach(function (request) { kept[linkToken(request)] = true; });
        try {
          for (var i = localStorage.length - 1; i >= 0; i--) {
            var key = localStorage.key(i);
            if (key && key.indexOf(OPENED) === 0 && !kept[key.slice(OPENED.length)] && key !== OPENED + ownToken) {
              localStorage.removeItem(key);
            }
          }
        } catch (e) { /* no storage */ }
        return forgetPastTables(Object.keys(kept));
      });
    });
  }

  // What the page keeps of a table on the device (its group and round chosen, the server's last list of its cards, the
  // box's draft) goes with the table's pages: once no copy of a page of the table is kept (a past forum's, not opened
  // for 30 days, or gone from the server) and no tab of it is open, unless the table still holds cards not sent (its
  // queue, its cards not saved, a card's edit). The box's draft goes only when it is empty or was sent (a card of the
  // table has its text): a text typed and never saved stays, with the link's note that finds its table, the name of
  // the table it was typed for and the account it was typed for; the page of that link lists it under "Kept on this
  // device, not sent yet", and the capture page of any other table of that account, and its "Tables I facilitate",
  // under "Typed for another table, not saved" (capture-drafts.js), to copy or discard. Everything else of the table
  // goes.
  function forgetPastTables(keptTokens) {
    var inUse = {};
    inUse[root.getAttribute("data-table")] = true;
    keptTokens.forEach(function (token) {
      try {
        var table = localStorage.getItem("fw-capture:link:" + token);
        if (table !== null) inUse[table] = true;
      } catch (e) { /* no storage */ }
    });
    // a table's signed-in page kept for offline reloads (its own cache, that of the account signed in on the device)
    var accountCache = document.documentElement.getAttribute("data-capture-account-cache");
    return (accountCache ? caches.has(accountCache) : Promise.resolve(false)).then(function (has) {
      return has ? caches.open(accountCache).then(function (cache) { return cache.keys(); }) : [];
    }).then(function (requests) {
      requests.forEach(function (request) {
        var found = /\/capture\/tables\/(\d+)$/.exec(new URL(request.url).pathname);
        if (found) inUse[found[1]] = true;
      });
      forgetTablesNotIn(inUse);
    });
  }
  function forgetTablesNotIn(inUse) {
    var TABLE_KEY = /^fw-capture:table:([^:]+):(.*)$/;
    try {
      var byTable = {};
      for (var i = 0; i < localStorage.length; i++) {
        var found = TABLE_KEY.exec(localStorage.key(i) || "");
        if (found && !inUse[found[1]]) (byTable[found[1]] = byTable[found[1]] || []).push(found[2]);
      }
      Object.keys(byTable).forEach(function (table) {
        var prefix = "fw-capture:table:" + table + ":";
        var tabOpenHere = byTable[table].some(function (name) {
          return name.indexOf("tab:") === 0 && Date.now() - (Number(localStorage.getItem(prefix + name)) || 0) < TAB_GONE;
        });
        if (tabOpenHere || tableHoldsUnsent(table)) return;
        var typed = fwCaptureDrafts.unsaved(table);  // (capture-drafts.js)
        byTable[table].forEach(function (name) {
          if (!(typed && fwCaptureDrafts.notes.indexOf(name) >= 0)) {
            localStorage.removeItem(prefix + name);
          }
        });
        if (typed) return;
        for (var j = localStorage.length - 1; j >= 0; j--) {  // the notes of its links: nothing kept to list
          var key = localStorage.key(j);
          if (key && key.indexOf("fw-capture:link:") === 0 && localStorage.getItem(key) === table) {
            localStorage.removeItem(key);
          }
        }
      });
    } catch (e) { /* unreadable: kept as it is */ }
  }
  if (worker && "serviceWorker" in navigator && window.caches) {
    // (its address carries what it must know of the app, ``?assets=…&static=…``: its scope is its folder)
    navigator.serviceWorker.register(worker, {scope: scope}).then(function () {
      var account = document.body.getAttribute("data-account");
      try { if (account) localStorage.setItem("fw-capture:account", account); } catch (e) { /* no storage */ }
      // The page in its cache, its static files (each at the version this page names) in theirs: the one the
      // service worker answers them from offline (capture-sw.js), where a later deploy's versions never replace them.
      var assets = Array.prototype.map.call(document.querySelectorAll("link[rel=stylesheet], script[src]"),
        function (node) { return node.href || node.src; });
      return caches.open(offlineCache).then(function (cache) {
        return ownCopyForgotten ? null : cache.add(location.href);  // (unless the server has said the link is gone)
      }).then(function () {
        return caches.open(root.getAttribute("data-assets-cache"));
      }).then(function (cache) {
        return cache.addAll(assets);
      });
    }).catch(function () { /* no offline reloads in this browser (or no room left); the queue still works */ })
      .then(forgetOldCopies).catch(function () { /* kept as they are until the next page loads */ });
  }

  listGroups();  // the stored groups of an offline reload, when newer than the cached page's
  restoreGroup();
  dropGoneRounds();  // the rounds a refusal said were deleted, on an offline reload of the cached page
  restoreRound();
  if (editDraft && visibleCards().some(function (c) { return c.client_id === editDraft.client_id; })) {
    editing = editDraft.client_id;  // the editor the tab had open when it was dropped or reloaded
  } else if (editDraft) {
    keepEditDraft(null);  // its card was removed meanwhile
  }
  render();
  var reopened = editing && list.querySelector(".edit-text");
  if (reopened) {
    reopened.focus();
    reopened.setSelectionRange(reopened.value.length, reopened.value.length);
    reopened.scrollIntoView({block: "center"});
  } else {
    textBox.focus();
  }
  flush();
  if (!queue.length) refresh();
  if (document.readyState === "complete") showStatusOnceLoaded();
  else window.addEventListener("load", showStatusOnceLoaded);
})();
