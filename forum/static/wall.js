/* The room's wall: polls the feed with a cursor and redraws. Survives dropped Wi-Fi and server
 * restarts: a failed poll only slows the next one down; the cards are merged by id. */
(function () {
  "use strict";

  var root = document.getElementById("wall");
  if (!root) return;
  var feedUrl = root.getAttribute("data-feed");
  var texts = JSON.parse(document.getElementById("wall-texts").textContent);
  var second = texts.second || null;  // a bilingual forum's other language
  var LIVE_CARDS = 24;
  var POLL = 3000;
  var MAX_WAIT = 20000;

  var cards = {};  // id -> card
  var cursor = null;
  var wait = POLL;
  var firstRender = true;

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (m, name) { return values[name]; });
  }
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;  // never innerHTML: cards are user text
    return node;
  }

  // An empty state in the page's language, and in a bilingual forum's other language after it.
  function bilingual(tag, className, key) {
    var node = element(tag, className, texts[key]);
    if (second) node.appendChild(element("span", "wall-second", " " + second[key]));
    return node;
  }

  function merge(feed) {
    if (feed.reset) cards = {};
    var fresh = 0;
    feed.cards.forEach(function (card) {
      if (!cards[card.id] && !card.deleted && !firstRender) fresh += 1;
      card.isNew = !firstRender && !cards[card.id];
      cards[card.id] = card;
    });
    cursor = feed.cursor;
    return fresh;
  }

  function renderStream() {
    var list = document.getElementById("wall-cards");
    var live = Object.keys(cards).map(function (id) { return cards[id]; })
      .filter(function (c) { return !c.deleted; })
      .sort(function (a, b) { return b.id - a.id; });
    // Forget what can no longer be shown, so a long forum does not grow the page's memory.
    live.slice(LIVE_CARDS * 4).forEach(function (c) { delete cards[c.id]; });
    list.textContent = "";
    if (!live.length) list.appendChild(bilingual("li", "wall-empty", "no_cards"));
    live.slice(0, LIVE_CARDS).forEach(function (card) {
      var item = element("li", "wall-card" + (card.isNew ? " is-new" : "") + (card.starred ? " starred" : ""));
      var text = item.appendChild(element("p", "wall-card-text", card.text));
      text.dir = "auto";  // a card typed right to left reads so on the wall too
      var meta = [card.table || texts.no_table];
      if (card.group) meta.push(card.group);
      if (card.round) meta.push(card.round);
      item.appendChild(element("p", "wall-card-meta", meta.join(" · ")));
      list.appendChild(item);
      card.isNew = false;
    });
    fitCards();
  }

  // The room's view never scrolls: only the newest cards that fit whole are shown.
  function fitCards() {
    var list = document.getElementById("wall-cards");
    var items = Array.prototype.slice.call(list.children);
    items.forEach(function (item) { item.hidden = false; });
    if (root.getAttribute("data-view") !== "live") return;
    var bottom = list.getBoundingClientRect().bottom;
    items.forEach(function (item) { if (item.getBoundingClientRect().bottom > bottom + 1) item.hidden = true; });
  }
  // Many tables or long bilingual names: the counts get smaller type, down to what the back of the room still
  // reads (18 px on a 1366 px wide projector), then take more of the screen from the ideas beside them, and only
  // then smaller type again, rather than a scrollbar.
  var READABLE_EM = 0.92;
  function fitCounts() {
    var view = document.querySelector(".wall-live-view");
    var box = view.querySelector(".wall-counts");
    view.removeAttribute("data-counts");
    if (!shrinkToFit(box, READABLE_EM)) {
      view.setAttribute("data-counts", "wide");
      shrinkToFit(box, 0.75);
    }
    fitCards();
  }
  function shrinkToFit(box, least) {
    var size = 1;
    box.style.fontSize = "";
    while (box.scrollHeight > box.clientHeight + 1 && size > least + 0.001) {
      size -= 0.02;
      box.style.fontSize = size + "em";
    }
    return box.scrollHeight <= box.clientHeight + 1;
  }
  window.addEventListener("resize", fitCounts);

  function renderBars(id, rows) {
    var list = document.getElementById(id);
    var max = Math.max.apply(null, rows.map(function (r) { return r.count; }).concat([1]));
    list.textContent = "";
    rows.forEach(function (row) {
      var item = element("li", "wall-bar");
      var label = element("span", "bar-label", row.label);
      if (row.second) label.appendChild(element("span", "wall-second", row.second));
      item.appendChild(label);
      var track = element("span", "bar-track");
      var fillBar = element("span", "bar-fill");
      fillBar.style.width = Math.round(100 * row.count / max) + "%";
      track.appendChild(fillBar);
      item.appendChild(track);
      item.appendChild(element("span", "bar-count", String(row.count)));
      list.appendChild(item);
    });
  }

  // Each round has its own report-out: the starred cards come by round (the current round's first) and,
  // within a round, by table, each table's count against the limit, which holds per table and round.
  function renderStarred(starred, limit, byRound) {
    var box = document.getElementById("wall-starred");
    box.textContent = "";
    if (!starred.length) { box.appendChild(bilingual("p", "wall-empty", "no_stars")); return; }
    var rounds = [];
    var roundOf = {};
    starred.forEach(function (card) {
      var key = card.round_id === null ? "" : String(card.round_id);
      if (!roundOf[key]) {
        roundOf[key] = {id: card.round_id, title: card.round, tables: {}, order: []};
        rounds.push(roundOf[key]);
      }
      var round = roundOf[key];
      var table = card.table || texts.no_table;
      if (!round.tables[table]) { round.tables[table] = []; round.order.push({key: table, number: card.table_number || 0}); }
      round.tables[table].push(card);
    });
    rounds.forEach(function (round) {
      var part = element("section", "wall-round-stars");
      // The round's name, and a bilingual forum's other name for it beside it.
      var row = byRound.filter(function (r) { return r.id === round.id; })[0];
      var heading = element("h3", null, round.id === null ? texts.no_round_cards : round.title);
      var other = !second ? null : round.id === null ? second.no_round_cards : row && row.second;
      if (other) {
        heading.appendChild(document.createTextNode(" "));
        heading.appendChild(element("span", "wall-second", other)).lang = second;
      }
      part.appendChild(heading);
      var grid = element("div", "wall-round-tables");
      round.order.sort(function (a, b) { return a.number - b.number; });
      round.order.forEach(function (entry) {
        var section = element("section", "wall-table");
        section.appendChild(element("h4", null, entry.key + " (" + round.tables[entry.key].length + "/" + limit + ")"));
        var list = element("ol");
        round.tables[entry.key].forEach(function (card) {
          var point = element("li", null, card.text);
          point.dir = "auto";
          list.appendChild(point);
        });
        section.appendChild(list);
        grid.appendChild(section);
      });
      part.appendChild(grid);
      box.appendChild(part);
    });
  }

  // The results' bars are updated in place, so that they grow as dots and ratings arrive.
  var shownResults = null;
  function renderResults(results) {
    var list = document.getElementById("wall-results");
    var key = results ? results.key : null;
    if (key !== shownResults) {
      list.textContent = "";
      if (key) show("results");  // the organizer put these results on the wall
      else if (root.getAttribute("data-view") === "results") show("live");
      shownResults = key;
    }
    document.getElementById("wall-results-title").textContent = results ? results.title : texts.no_results;
    document.getElementById("wall-results-summary").textContent = results ? results.summary : "";
    document.getElementById("wall-results-more").textContent =
      results && results.more ? fill(texts.more, {n: results.more}) : "";
    var rows = results ? results.rows : [];
    var existing = {};
    Array.prototype.forEach.call(list.children, function (item) { existing[item.getAttribute("data-id")] = item; });
    rows.forEach(function (row) {
      var item = existing[row.id];
      if (!item) {
        item = element("li", "wall-bar");
        item.setAttribute("data-id", row.id);
        item.appendChild(element("span", "bar-label"));
        var track = element("span", "bar-track");
        track.appendChild(element("span", "bar-fill")).style.width = "0%";
        item.appendChild(track);
        item.appendChild(element("span", "bar-count"));
      }
      list.appendChild(item);  // appending an existing row moves it: the order follows the ranking
      item.querySelector(".bar-label").textContent = row.label;
      item.querySelector(".bar-count").textContent = row.value;
      item.querySelector(".bar-count").title = row.text;
      var bar = item.querySelector(".bar-fill");
      var width = Math.round(1000 * row.share) / 10 + "%";
      // A new bar is drawn at 0 first, then grows to its width.
      requestAnimationFrame(function () { requestAnimationFrame(function () { bar.style.width = width; }); });
      delete existing[row.id];
    });
    Object.keys(existing).forEach(function (id) { list.removeChild(existing[id]); });
  }

  function render(feed, fresh) {
    renderStream();
    document.getElementById("wall-total").textContent = feed.counts.ideas;
    renderBars("count-round", feed.counts.by_round);
    renderBars("count-table", feed.counts.by_table);
    // A room may name many groups: the wall lists those with ideas.
    renderBars("count-group", feed.counts.by_group.filter(function (row) { return row.count > 0; }));
    fitCounts();
    renderStarred(feed.starred, feed.report_out_limit, feed.counts.by_round);
    renderResults(feed.results);
    var round = feed.current_round;
    document.getElementById("wall-round").textContent = roundLine(texts, round);
    if (second) document.getElementById("wall-round-second").textContent = roundLine(second, round && round.second);
    var status = document.getElementById("wall-connection");
    status.textContent = fresh ? fill(texts.new_cards, {n: fresh}) : "";
    status.classList.remove("is-offline");
    firstRender = false;
  }

  function roundLine(words, round) {
    return round ? fill(words.round, {round: round.title}) + (round.question ? " — " + round.question : "") : words.no_round;
  }

  // Opened by its view-only link, which the organizer switched off or replaced: the wall stops and says so.
  var LINK_ENDED = {link_revoked: "link_off", link_unknown: "link_unknown"};
  function linkEnded(response) {
    if (!root.hasAttribute("data-by-link") || (response.status !== 403 && response.status !== 404)) {
      return Promise.resolve(false);
    }
    return response.json().then(function (body) {
      var key = LINK_ENDED[body && body.reason];
      if (!key) return false;
      var message = document.getElementById("wall-link-ended");
      message.textContent = texts[key];
      if (second) message.appendChild(element("span", "wall-second", " " + second[key]));
      message.hidden = false;
      root.classList.add("is-ended");
      ["wall-cards", "wall-starred", "wall-results"].forEach(function (id) {
        document.getElementById(id).textContent = "";
      });
      return true;
    }, function () { return false; });
  }

  function poll() {
    var url = feedUrl + (cursor ? "?after=" + encodeURIComponent(cursor) : "");
    fetch(url, {headers: {"Accept": "application/json"}, cache: "no-store", credentials: "same-origin"})
      .then(function (response) {
        return linkEnded(response).then(function (ended) { return ended ? null : response; });
      })
      .then(function (response) {
        if (response === null) return null;  // the link ended: no more polls
        if (response.status === 400) cursor = null;  // a position the server refuses: start again
        if (!response.ok || (response.headers.get("Content-Type") || "").indexOf("json") < 0) throw new Error(response.status);
        return response.json();
      })
      .then(function (feed) {
        if (feed === null) { wait = null; return; }
        render(feed, merge(feed));
        wait = POLL;
      })
      .catch(function () {
        var status = document.getElementById("wall-connection");
        status.textContent = texts.offline;
        status.classList.add("is-offline");
        wait = Math.min(wait * 2, MAX_WAIT);
      })
      .then(function () { if (wait !== null) setTimeout(poll, wait); });
  }

  Array.prototype.forEach.call(root.querySelectorAll("[data-show]"), function (button) {
    button.addEventListener("click", function () { show(button.getAttribute("data-show")); });
  });
  function show(view) {
    root.setAttribute("data-view", view);
    fitCounts();
    Array.prototype.forEach.call(root.querySelectorAll("[data-show]"), function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-show") === view ? "true" : "false");
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.target.closest && event.target.closest("select, input, textarea")) return;
    if (event.key === "r") show("reportout");
    if (event.key === "l") show("live");
  });

  var initial = JSON.parse(document.getElementById("wall-feed").textContent);
  render(initial, merge(initial));
  setTimeout(poll, POLL);
})();
