/* The themes board: drag a card, a sub-theme or a theme with a mouse or a finger (pointer
 * events, so mouse, touch and pen work alike), or pick one with its ⠿ button and press
 * "Move here" on the destination (keyboard and screen readers). Every correction is posted to
 * the server, which answers with a message (announced in the status line), the themes it
 * changed and the order of every theme (or, when the board is reloaded, the whole board).
 * Filtering and opened themes are kept across those updates.
 * Other organizers may correct the same themes: each correction carries the themes version this
 * page shows (the server refuses or catches the page up when it is behind), and every half minute
 * the page asks for the version and, when others changed the themes, offers to show their changes. */
(function () {
  "use strict";
  var root = document.getElementById("board");
  if (!root) return;
  var content = document.getElementById("board-content");
  var summary = document.getElementById("board-summary");
  var namedAlike = document.getElementById("board-named-alike");  // the themes that share a name
  var status = document.getElementById("board-status");
  var filter = document.getElementById("board-filter");
  var undoButton = root.querySelector('[data-board="undo"]');
  var undoWhat = document.getElementById("undo-what");
  var text = root.dataset;
  var picked = null; // the element being moved (card, section or theme) in keyboard/tap mode
  var drag = null; // a drag under way
  var opened = {}; // theme id -> true for the themes showing all their cards
  var busy = false;
  var afterSaving = []; // corrections made while another was being saved (moves, renames, Undo): sent in turn
  var runId = text.run;
  var version = Number(text.version); // the run's themes version the board shows
  var POLL_MS = 30000;

  // a function, so that "$&" or "$'" in a card's or a theme's words is not read as a replacement pattern
  function fill(template, value) { return template.replace("{}", function () { return value; }); }

  // The sticky bar hides what scrolls under it: the page's scroll padding is kept at its height, so that
  // the browser brings a focused control (Tab, Shift+Tab, the focus a correction puts back) or a theme
  // opened by its link (#board-theme-3, from the priorities) into view below the bar, not behind it.
  // When the bar grows (a longer message in the status line), a control of the board that has the focus
  // comes out from under it.
  var bar = root.querySelector(".board-bar");
  function padForBar() {
    var sticky = window.getComputedStyle(bar).position === "sticky";
    document.documentElement.style.scrollPaddingTop = sticky ? bar.offsetHeight + 8 + "px" : "";
    var focused = document.activeElement;
    if (sticky && focused && focused !== content && content.contains(focused) &&
        focused.getBoundingClientRect().top < bar.getBoundingClientRect().bottom) {
      focused.scrollIntoView({ block: "nearest" });
    }
  }
  padForBar();
  if (window.ResizeObserver) new ResizeObserver(padForBar).observe(bar);
  window.addEventListener("resize", padForBar);
  var anchored = window.location.hash && document.getElementById(window.location.hash.slice(1));
  if (anchored && root.contains(anchored)) {  // the browser went to it before the padding was there
    window.addEventListener("load", function () { anchored.scrollIntoView(); });
  }

  function announce(message, isError) {
    status.classList.toggle("board-error", !!isError);
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function shorten(words) { return words.length > 80 ? words.slice(0, 78) + "…" : words; }

  function itemOf(element) { return element.closest("[data-kind]"); }
  function themeIdOf(item) { return item.dataset.kind === "theme" ? item.dataset.id : item.dataset.theme; }
  function labelOf(item) {
    if (item.dataset.kind === "card") return shorten(item.querySelector(".board-card-text").textContent.trim());
    if (item.dataset.kind === "section") return item.getAttribute("aria-label").split(" → ").pop();
    return item.querySelector(".board-theme-label").textContent.trim();
  }

  // -- talking to the server ----------------------------------------------------------------
  // ``refused(message)``: called instead of reloading the board when the server refuses what was typed
  // (422), so that the form keeps it and says why.
  function send(url, fields, focusAfter, refused) {
    if (busy) return;
    busy = true;
    root.setAttribute("aria-busy", "true");
    announce(text.textSaving);
    var body = new FormData();
    body.append("csrf_token", text.csrf);
    body.append("run", runId); // the run this page shows: one an organizer went back from is refused
    body.append("version", version);
    Object.keys(fields).forEach(function (name) { body.append(name, fields[name]); });
    fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (answer) {
          return { ok: response.ok, status: response.status, answer: answer };
        });
      })
      .then(function (result) {
        if (!result.ok && result.status === 422 && refused) {
          announce("");  // "Saving…" is over; the message is read with the field
          refused(result.answer.error);
          return;
        }
        if (!result.ok && result.status === 409 && result.answer.reason === "rerun") {
          // The analysis was run again since the board was drawn: the correction was not made. The board takes
          // the new run (its themes, its id and version, so that the next correction goes to it), and the
          // refusal, which says so and what the board now shows, gets the focus.
          return replaced(result.answer.error, focusAfter);
        }
        if (!result.ok && result.status === 409 && result.answer.reason === "stale" && refused) {
          // Refused because the analysis was run again in another tab, or an organizer went back to the previous
          // run (not only corrected by others): the board stays as it is, the notice says which once, and what
          // was typed stays in its field, saying to reload the page to give it to the run the forum has now.
          return runNow().then(function (run) {
            if (run !== null && run !== runId) {
              announce("");
              showNotice(otherRun(run));
              refused(otherRun(run) === "gone-back" ? text.textGoneBackRefused : text.textRerunRefused);
            } else {
              answered(result, focusAfter);
            }
          });
        }
        answered(result, focusAfter);
      })
      .catch(function () {
        reload(focusAfter);
        announce(text.textOffline, true);
      })
      .then(function () {
        busy = false;
        root.removeAttribute("aria-busy");
        nextInTurn();
      });
  }

  // A correction's answer: the board as the server has it now, and its message in the status line.
  function answered(result, focusAfter) {
    if (result.answer.board || result.answer.themes !== undefined) {
      show(result.answer, focusAfter);
    } else {
      reload(focusAfter);
    }
    announce(result.ok ? result.answer.message : result.answer.error, !result.ok);
  }

  // A correction refused as the analysis was run again: the new run's board in place of the old one, and the
  // refusal shown where the notices are, focused (read out by a screen reader as the focus lands on it).
  var replacedNotice = document.getElementById("board-replaced");
  function replaced(message, focusAfter) {
    return fetch(text.urlBoard, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (!answer) throw new Error("no board");
        runId = String(answer.run);
        version = Number(answer.version);
        show(answer, null);
        announce("");
        replacedNotice.querySelector("span").textContent = message;
        showNotice("replaced", true);
        replacedNotice.focus();
      })
      .catch(function () {
        reload(focusAfter);
        announce(message, true);
      });
  }

  // The run the server has now (its id as text), or null when it cannot be asked.
  function runNow() {
    return fetch(text.urlVersion, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) { return answer && answer.run !== null ? String(answer.run) : null; })
      .catch(function () { return null; });
  }

  // A correction made while another is being saved (a busy server, the venue's Wi-Fi) is not dropped: it
  // waits its turn, in the order it was made, and the status line says "Saving…" meanwhile.
  function whenFree(correction) {
    if (busy) {
      afterSaving.push(correction);
      announce(text.textSaving);
    } else {
      correction();
    }
  }

  // The next correction waiting, if any, is sent; the others wait for it. One with nothing left to send
  // (its card or theme is gone) has said so: the one after it goes.
  function nextInTurn() {
    while (!busy && afterSaving.length) afterSaving.shift()();
  }

  // The board read again. Corrections do not wait for it: one saved meanwhile (a busy server answering the read
  // last) drew a newer version of the run, which the read's older board would take away until the next reload.
  var reloadAnswers = 0;
  function reload(focusAfter) {
    fetch(text.urlBoard, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (answer && !(String(answer.run) === runId && answer.version < version)) show(answer, focusAfter);
        reloadAnswers++;  // every answer, drawn or dropped: a mark for whoever waits for one (the browser tests)
        root.setAttribute("data-reload-answers", String(reloadAnswers));
      })
      .catch(function () { /* the page stays as it was; the status line says why */ });
  }

  // The changed themes in place of the ones shown, the themes in the server's order, the others
  // gone. False when the server names a theme this page never got (another organizer's change).
  function putInPlace(themes, order) {
    var list = content.querySelector(".board-columns");
    var shown = {};
    list.querySelectorAll(":scope > .board-theme").forEach(function (theme) { shown[theme.dataset.id] = theme; });
    var fresh = document.createElement("template");
    fresh.innerHTML = themes;
    Array.prototype.slice.call(fresh.content.children).forEach(function (theme) {
      if (shown[theme.dataset.id]) list.replaceChild(theme, shown[theme.dataset.id]);
      shown[theme.dataset.id] = theme;
    });
    var kept = {};
    var complete = true;
    var next = list.firstElementChild; // the themes before it are in order
    order.forEach(function (id) {
      var theme = shown[id];
      if (!theme) { complete = false; return; }
      kept[id] = true;
      if (theme === next) next = next.nextElementSibling;
      else list.insertBefore(theme, next);
    });
    Object.keys(shown).forEach(function (id) { if (!kept[id] && shown[id].parentNode) shown[id].remove(); });
    return complete;
  }

  function show(answer, focusAfter) {
    var stillPicked = picked && keyOf(picked);  // picked up meanwhile: still picked up once the board is redrawn
    cancelPick(true);
    if (answer.run !== undefined) noteVersion(answer.run, answer.version);
    if (answer.board) content.innerHTML = answer.board;
    if (answer.named_alike !== undefined) namedAlike.innerHTML = answer.named_alike;
    if (answer.summary !== undefined) summary.innerHTML = answer.summary;  // what the run now shown changed
    else if (!putInPlace(answer.themes, answer.order)) reload(focusAfter);
    if (undoButton) {
      undoButton.hidden = !answer.undo;
      undoWhat.textContent = answer.undo || text.textNothingToUndo;
    }
    Object.keys(opened).forEach(function (id) {
      var theme = content.querySelector('.board-theme[data-id="' + id + '"]');
      if (theme) setOpen(theme, true);
    });
    applyFilter();
    var again = stillPicked && find(stillPicked);
    if (again) {
      var hadFocus = document.activeElement;
      pick(again, true);
      // the organizer is on with the next move: the keyboard stays where it is, or on the item if redrawn
      if (!hadFocus || hadFocus === document.body || !hadFocus.isConnected) again.querySelector(".grip").focus();
    } else if (focusAfter) {
      padForBar();  // the bar's new height (the undo line just changed), before the browser scrolls to the focus
      var target = root.querySelector(focusAfter);
      (target && !target.hidden ? target : content).focus();
    }
  }

  // -- other organizers' changes -------------------------------------------------------------
  // A notice that appears is also said (once: the next looks find it shown already), since a screen
  // reader user would not otherwise know that the board is behind until a change of theirs is refused.
  // It is said by a live region of its own, out of sight: the status line does not show it a second time.
  var noticeSaid = document.getElementById("board-notice-said");
  // ``quietly``: not said by the live region (the notice gets the focus, which reads it).
  function showNotice(name, quietly) {
    root.querySelectorAll("[data-notice]").forEach(function (notice) {
      var shown = notice.dataset.notice === name;
      if (shown && notice.hidden && !quietly) {
        noticeSaid.textContent = "";
        window.setTimeout(function () { noticeSaid.textContent = notice.querySelector("span").textContent; }, 50);
      }
      notice.hidden = !shown;
    });
  }

  // The notice of a run other than the board's that the forum has now: a new one ("rerun"), or the one before,
  // an organizer having gone back to it ("gone-back"; runs are numbered in the order they were made).
  function otherRun(run) {
    return Number(run) < Number(runId) ? "gone-back" : "rerun";
  }

  // What the server says the run and its version are now: the board is up to date, behind (others
  // corrected the themes), or showing a run the analysis replaced (or an organizer went back from).
  function noteVersion(run, latest) {
    if (String(run) !== runId) {
      showNotice(otherRun(run));
    } else if (latest >= version) {
      version = latest;
      showNotice(null);
    }
  }

  function poll() {
    if (document.hidden || busy || drag || picked) return;
    fetch(text.urlVersion, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (!answer || busy) return;
        if (String(answer.run) !== runId) showNotice(otherRun(answer.run));
        else if (answer.version > version) showNotice("others");
      })
      .catch(function () { /* offline for a moment: ask again at the next tick */ });
  }
  window.setInterval(poll, POLL_MS);

  function cardFocus(item) { return '[data-kind="card"][data-id="' + item.dataset.id + '"] .grip'; }

  // -- the corrections ------------------------------------------------------------------------
  // What names an item and a destination across the board's redrawing: the elements themselves are
  // replaced when a correction's answer draws their themes again.
  function keyOf(item) {
    return { kind: item.dataset.kind, id: item.dataset.id, theme: item.dataset.theme, label: labelOf(item) };
  }

  // The item as the board shows it now. A card shown ahead in a theme while it waits its turn is left
  // behind when its own theme is drawn again: the card as drawn is the one, the one shown ahead goes.
  function find(key) {
    var selector = '[data-kind="' + key.kind + '"][data-id="' + key.id + '"]';
    if (key.kind === "section") selector += '[data-theme="' + key.theme + '"]';
    var found = Array.prototype.slice.call(content.querySelectorAll(selector));
    if (found.length > 1) {
      found.filter(function (item) { return item.classList.contains("saving"); })
        .forEach(function (item) { if (found.length > 1) { item.remove(); found.splice(found.indexOf(item), 1); } });
    }
    return found[0] || null;
  }

  function destinationOf(to) {
    return to === "new" ? root.querySelector('[data-drop="new"]')
                        : content.querySelector('.board-theme[data-id="' + to + '"]');
  }

  function place(item, destination) {
    if (!canTake(destination, item)) return cancelPick();
    var key = keyOf(item), to = destination.dataset.kind === "new" ? "new" : destination.dataset.id;
    if (!busy && item.isConnected && destination.isConnected) return move(item, destination);
    // Moved while the correction before it is being saved (or dropped on a board redrawn meanwhile): shown
    // at once, sent in its turn as the board then is.
    showAhead(item, destination);
    putDown(item);
    whenFree(function () { placeInTurn(key, to); });
  }

  // The move is made: the item is put down (another may be picked up at once), the keyboard on its ⠿
  // rather than on a "Move here" that goes away.
  function putDown(item) {
    var focused = document.activeElement;
    cancelPick(true);
    var grip = item.querySelector(".grip");
    if (grip && focused && focused.hasAttribute("data-place")) grip.focus();
  }

  function placeInTurn(key, to) {
    var item = find(key), destination = destinationOf(to);
    if (!item || !destination) {
      reload(null);
      announce(fill(text.textMoveGone, shorten(key.label)), true);
      return;
    }
    if (!canTake(destination, item)) {  // already there (the theme it was in was merged into it meanwhile)
      item.classList.remove("saving");
      return;
    }
    move(item, destination);
  }

  function move(item, destination) {
    var kind = item.dataset.kind;
    var toNew = destination.dataset.kind === "new";
    if (!toNew && destination.dataset.id === themeIdOf(item)) return cancelPick();
    var to = toNew ? "new" : destination.dataset.id;
    if (kind === "theme" && toNew) return cancelPick();
    showAhead(item, destination);
    putDown(item);
    if (kind === "card") {
      send(text.urlCard, { card: item.dataset.id, from: item.dataset.theme, to: to }, cardFocus(item));
    } else if (kind === "section") {  // split off: the keyboard follows its first card into the new theme
      send(text.urlSection, { theme: item.dataset.theme, section: item.dataset.id, to: to },
           toNew ? cardFocus(item.querySelector('[data-kind="card"]'))
                 : '.board-theme[data-id="' + to + '"] .board-theme-head .grip');
    } else if (kind === "theme" && !toNew) {
      send(text.urlMerge, { theme: item.dataset.id, into: to }, '.board-theme[data-id="' + to + '"] .board-theme-head .grip');
    }
  }

  // What the server will answer, shown at once: the card in its new theme, a merged theme faded.
  function showAhead(item, destination) {
    item.classList.add("saving");
    if (item.dataset.kind !== "card" || destination.dataset.kind === "new") return;
    var list = destination.querySelector(".board-cards");
    if (list) list.insertBefore(item, list.firstChild);
  }

  function canTake(destination, item) {
    if (!destination || !item) return false;
    if (destination.dataset.kind === "new") return item.dataset.kind !== "theme";
    // where the item shows: a card moved ahead while its move waits is in the theme it is going to
    var shownIn = item.dataset.kind === "theme" ? null : item.parentNode && item.closest(".board-theme");
    return destination.dataset.id !== (shownIn ? shownIn.dataset.id : themeIdOf(item));
  }

  // -- the keyboard among a theme's cards ------------------------------------------------------
  // A theme's cards are one Tab stop (the ⠿ of the card last focused there, else its first shown): the arrow keys
  // go from card to card (Home, End: the first, the last), Tab on to the theme's next control. Tabbing through
  // every card's ⠿ took some 40 presses to reach the second theme. A card hidden (a closed theme, the filter) is
  // passed over.
  var CARD_GRIPS = ".board-card .grip";
  var roving = {}; // theme id -> the id of the card whose ⠿ is the theme's stop
  function shownGrips(theme) {
    return Array.prototype.filter.call(theme.querySelectorAll(CARD_GRIPS), function (grip) {
      return grip.getClientRects().length > 0;
    });
  }
  function rove(theme) {
    var grips = theme.querySelectorAll(CARD_GRIPS);
    if (!grips.length) return;
    var shown = shownGrips(theme);
    var stop = shown.filter(function (grip) { return itemOf(grip).dataset.id === roving[theme.dataset.id]; })[0] ||
               shown[0];
    grips.forEach(function (grip) { grip.tabIndex = grip === stop ? 0 : -1; });
  }
  function roveAll() {
    if (picked) return;  // Tab goes from one "Move here" to the next meanwhile (setAside)
    content.querySelectorAll(".board-theme[data-id]").forEach(rove);
  }
  roveAll();
  content.addEventListener("focusin", function (event) {
    if (!event.target.matches(CARD_GRIPS) || picked) return;
    var theme = event.target.closest(".board-theme");
    roving[theme.dataset.id] = itemOf(event.target).dataset.id;
    rove(theme);
  });
  content.addEventListener("keydown", function (event) {
    if (!event.target.matches(CARD_GRIPS) || event.altKey || event.ctrlKey || event.metaKey || drag) return;
    var grips = shownGrips(event.target.closest(".board-theme"));
    var at = grips.indexOf(event.target);
    var to = {ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: grips.length - 1}[event.key];
    if (to === undefined) return;
    event.preventDefault();  // not the page's scrolling
    if (grips[to]) grips[to].focus();
  });

  // -- keyboard and tap: pick, then "Move here" ---------------------------------------------
  function pick(item, quietly) {
    cancelPick(true);
    picked = item;
    item.classList.add("picked");
    item.querySelector(".grip").setAttribute("aria-pressed", "true");
    root.classList.add("picking");
    var merging = item.dataset.kind === "theme";
    content.querySelectorAll('[data-drop="theme"]').forEach(function (destination) {
      // short on the screen, named for its theme for a screen reader: one "Move here" among 28 says nothing
      var place = destination.querySelector("[data-place]");
      place.textContent = merging ? text.textMergeHere : text.textMoveHere;
      place.setAttribute("aria-label", fill(merging ? text.textMergeHereNamed : text.textMoveHereNamed,
                                            labelOf(destination)));
    });
    root.querySelectorAll("[data-drop]").forEach(function (destination) {
      destination.querySelector(".drop-here").hidden = !canTake(destination, item);
    });
    setAside(item, true);
    if (quietly) return;
    var kind = item.dataset.kind;
    announce(fill(kind === "card" ? text.textPickedCard : kind === "section" ? text.textPickedSection
                                                                               : text.textPickedTheme, labelOf(item)));
  }

  // While something is picked, Tab goes from one "Move here" to the next (and back to the picked
  // item's ⠿), not through every card of the board: 28 themes of 600 cards took 300 presses.
  function setAside(item, aside) {
    var grip = item.querySelector(".grip");
    content.querySelectorAll("button, summary, a[href], input").forEach(function (control) {
      if (control === grip) { if (aside) grip.tabIndex = 0; return; }  // (a card's ⠿ may not be its theme's stop)
      if (control.hasAttribute("data-place")) return;
      if (aside) control.setAttribute("tabindex", "-1"); else control.removeAttribute("tabindex");
    });
    if (!aside) roveAll();
  }

  function cancelPick(quietly) {
    if (!picked) return;
    var item = picked;
    picked = null;
    item.classList.remove("picked");
    var grip = item.querySelector(".grip");
    if (grip) grip.setAttribute("aria-pressed", "false");
    root.classList.remove("picking");
    root.querySelectorAll(".drop-here").forEach(function (here) { here.hidden = true; });
    setAside(item, false);
    if (!quietly) {
      announce(text.textCancelled);
      if (grip) grip.focus();
    }
  }

  root.addEventListener("click", function (event) {
    if (drag && drag.moved) return;
    var grip = event.target.closest("[data-pick]");
    if (grip) {
      var item = itemOf(grip);
      if (picked === item) cancelPick(); else pick(item);
      return;
    }
    var placeButton = event.target.closest("[data-place]");
    if (placeButton && picked) {
      place(picked, placeButton.closest("[data-drop]"));
      return;
    }
    var action = event.target.closest("[data-board]");
    if (!action) return;
    var name = action.dataset.board;
    if (name === "undo") whenFree(function () { send(text.urlUndo, {}, '[data-board="undo"]'); });
    if (name === "catch-up") {
      reload(null);
      content.focus();
      announce(text.textCaughtUp);
    }
    if (name === "reload-page") window.location.reload();
    if (name === "more") toggleOpen(action.closest(".board-theme"));
    if (name === "merge-into") mergeInto(action.dataset.theme, action.dataset.into);
    if (name === "rename-theme") openRename(action.dataset.theme);
    if (name === "expand-all" || name === "collapse-all") {
      content.querySelectorAll(".board-theme[data-id]").forEach(function (theme) {
        setOpen(theme, name === "expand-all");
      });
    }
  });

  // Two themes of one name (named so before a theme could not take another's): one merged into the other, or renamed.
  function mergeInto(id, into) {
    whenFree(function () {
      send(text.urlMerge, { theme: id, into: into }, '.board-theme[data-id="' + into + '"] .board-theme-head .grip');
    });
  }
  function openRename(id) {
    var form = root.querySelector('[data-rename="' + id + '"]');
    if (!form) return;
    form.closest("details").open = true;
    form.elements.label.focus();
  }

  document.addEventListener("keydown", function (event) {
    // an Escape while an input method composes a word (in the rename field) drops the word, not the form
    if (event.key !== "Escape" || event.isComposing || event.keyCode === 229) return;
    if (picked || drag) {
      if (drag) endDrag(false); else cancelPick();
      event.preventDefault();
      return;
    }
    var renaming = event.target.closest && event.target.closest(".board-rename[open]");
    if (renaming) {  // Escape closes the rename form, back on its "Rename"
      renaming.open = false;
      renaming.querySelector("summary").focus();
      event.preventDefault();
    }
  });

  root.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-rename]");
    if (!form) return;
    event.preventDefault();
    var id = form.dataset.rename, label = form.elements.label.value;
    function rename() {
      send(text.urlRename, { theme: id, label: label },
           '.board-theme[data-id="' + id + '"] .board-theme-head .grip',
           function (message) {
             // the theme may have been drawn again meanwhile (a move saved before it): its form as it is now
             var shown = root.querySelector('[data-rename="' + id + '"]') || form;
             shown.closest("details").open = true;
             shown.elements.label.value = label;
             refuseName(shown, message);
           });
    }
    // Renamed just after a move, while the move is still being saved: the name is not dropped, it is
    // sent as soon as the move is saved. Every theme renamed meanwhile waits its turn, in the order they
    // were renamed: a second rename does not replace the first.
    whenFree(rename);
  });

  // A name the server refused (none, too long, the same): the form stays open with what was typed,
  // the message under the field and read with it, the keyboard back in the field to correct it.
  function refuseName(form, message) {
    var input = form.elements.label;
    var field = input.closest(".field");
    var error = field.querySelector(".error");
    if (!error) {
      error = document.createElement("p");
      error.className = "error";
      error.id = input.id + "-error";
      field.appendChild(error);
    }
    error.textContent = message;
    field.classList.add("has-error");
    input.setAttribute("aria-invalid", "true");
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (described.indexOf(error.id) < 0) {
      input.setAttribute("aria-describedby", [error.id].concat(described).join(" "));
    }
    input.focus();
  }

  // -- opening long themes, filtering -------------------------------------------------------
  function setOpen(theme, open) {
    var more = theme.querySelector(".board-more");
    theme.classList.toggle("opened", open);
    if (open) opened[theme.dataset.id] = true; else delete opened[theme.dataset.id];
    if (more) {
      more.setAttribute("aria-expanded", open ? "true" : "false");
      more.textContent = open ? text.textShowFewer : fill(text.textShowAll, more.dataset.count);
    }
    if (!picked) rove(theme);  // its stop may be a card the theme no longer shows
  }

  function toggleOpen(theme) { setOpen(theme, !theme.classList.contains("opened")); }

  function normalise(value) {
    return value.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function applyFilter() {
    var words = normalise(filter.value.trim()).split(/\s+/).filter(Boolean);
    root.classList.toggle("filtering", words.length > 0);
    var matches = 0;
    content.querySelectorAll(".board-theme[data-id]").forEach(function (theme) {
      var inTheme = 0;
      theme.querySelectorAll(".board-card").forEach(function (card) {
        var cardText = normalise(card.querySelector(".board-card-text").textContent);
        var hit = words.every(function (word) { return cardText.indexOf(word) >= 0; });
        card.classList.toggle("no-match", !hit);
        if (hit) inTheme += 1;
      });
      theme.classList.toggle("no-match", words.length > 0 && inTheme === 0);
      matches += inTheme;
    });
    roveAll();
    return matches;
  }

  var filterTimer = null;
  filter.addEventListener("input", function () {
    window.clearTimeout(filterTimer);
    filterTimer = window.setTimeout(function () {
      var matches = applyFilter();
      if (filter.value.trim()) announce(fill(text.textMatches, matches));
    }, 250);
  });

  // -- dragging (mouse, touch, pen) -----------------------------------------------------------
  var THRESHOLD = 6;

  root.addEventListener("pointerdown", function (event) {
    if (event.button > 0) return;  // while a correction is being saved too: the move waits its turn
    var grip = event.target.closest(".grip");
    var card = event.target.closest(".board-card");
    var movable = card && card.querySelector(".grip") && !event.target.closest("button, a, input");
    var handle = grip || (event.pointerType === "mouse" && movable ? card : null);
    if (!handle) return;
    var item = itemOf(handle);
    drag = { item: item, x: event.clientX, y: event.clientY, id: event.pointerId, moved: false, ghost: null, over: null };
    if (grip) grip.setPointerCapture(event.pointerId);
  });

  // on the document: a mouse may leave the board while it drags
  document.addEventListener("pointermove", function (event) {
    if (!drag || event.pointerId !== drag.id) return;
    if (!drag.moved) {
      if (Math.abs(event.clientX - drag.x) + Math.abs(event.clientY - drag.y) < THRESHOLD) return;
      startDrag();
    }
    event.preventDefault();
    drag.ghost.style.left = event.clientX + 8 + "px";
    drag.ghost.style.top = event.clientY + 8 + "px";
    var under = document.elementFromPoint(event.clientX, event.clientY);
    var destination = under ? under.closest("[data-drop]") : null;
    if (!canTake(destination, drag.item)) destination = null;
    if (destination !== drag.over) {
      if (drag.over) drag.over.classList.remove("drop-target");
      if (destination) destination.classList.add("drop-target");
      drag.over = destination;
    }
    autoScroll(event.clientY);
  });

  function startDrag() {
    cancelPick(true);
    drag.moved = true;
    var ghost = document.createElement("div");
    ghost.className = "board-ghost";
    ghost.setAttribute("aria-hidden", "true");
    ghost.textContent = labelOf(drag.item);
    document.body.appendChild(ghost);
    drag.ghost = ghost;
    drag.item.classList.add("dragging");
    root.classList.add("is-dragging");
  }

  function autoScroll(y) {
    var edge = 60;
    if (y < edge) window.scrollBy(0, -20);
    else if (y > window.innerHeight - edge) window.scrollBy(0, 20);
  }

  function endDrag(drop) {
    var finished = drag;
    if (finished.ghost) finished.ghost.remove();
    finished.item.classList.remove("dragging");
    if (finished.over) finished.over.classList.remove("drop-target");
    root.classList.remove("is-dragging");
    // the click that follows a drag must not pick the item up: forget the drag after it
    window.setTimeout(function () { if (drag === finished) drag = null; }, 0);
    if (drop && finished.moved && finished.over) place(finished.item, finished.over);
  }

  document.addEventListener("pointerup", function (event) {
    if (drag && event.pointerId === drag.id) endDrag(true);
  });
  document.addEventListener("pointercancel", function (event) {
    if (drag && event.pointerId === drag.id) endDrag(false);
  });
}());
