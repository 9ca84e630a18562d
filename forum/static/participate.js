/* Participant pages: send forms without losing them on a weak connection, and the dot counter.
   A form marked data-queue is kept in localStorage, then sent as JSON with its client id. If the
   network fails (or the page is left before the answer comes), it is sent again (same client id,
   so it is never counted twice) when the phone is back online or on the next participant page.
   A newer submission of the same form replaces a queued one. Answers still waiting (the server failing) are said
   once on whichever participant page is open, counted and named (data-queue="evaluation"…), and again when they
   are sent.
   What is typed but not sent yet is kept for the tab (sessionStorage) and put back when the page
   opens again: after the language switch (a link), a reload, or a refusal that reloads the page. */
(function () {
  "use strict";
  var QUEUE_KEY = "fw-queue", FLASH_KEY = "fw-flash", DRAFT_KEY = "fw-draft:", RETRY_MS = 5000, SLOW_MS = 6000,
    SEND_LIMIT_MS = 20000;
  // The messages in the page's language, written in front of this script in the file the page loads (in every
  // language: forum/participate/texts.py), so that the queue never runs without its words.
  // (Loaded without them, at /static/participate.js, it does nothing: the page's forms are sent as plain forms.)
  if (!window.participateText) { return; }
  var text = window.participateText[document.documentElement.lang] || window.participateText.en;
  var statusBox = document.getElementById("sync-status");

  // Once a form is sent from the page, its messages stay in view (pinned): Send is at the bottom of a long form.
  var pinned = false;
  // The box stays in the page (empty) so screen readers announce changes. ``message``: in the page's language, or
  // in ``lang``, the server's message, which says its language (a French page may be answered in English: answers
  // sent from the queue once the person's language was no longer known), marked so that a screen reader reads it
  // in its language; ``before`` and ``after``: the page's own words around it.
  function say(message, kind, lang, before, after) {
    if (!statusBox) { return; }
    var whole = [before, message, after].filter(Boolean).join(" ");
    styleStatus(whole, kind);
    statusBox.removeAttribute("lang");
    if (lang && message && (before || after)) {
      var part = document.createElement("span");
      part.setAttribute("lang", lang);
      part.textContent = message;
      statusBox.textContent = before ? before + " " : "";
      statusBox.append(part);
      if (after) { statusBox.append(" " + after); }
    } else {
      statusBox.textContent = whole;
      if (lang && message) { statusBox.setAttribute("lang", lang); }
    }
    keepInView(whole);
  }
  function styleStatus(message, kind) {
    statusBox.className = "sync-status" + (message ? " flash" + (kind ? " flash-" + kind : "") : "") +
      (pinned ? " pinned" : "");
  }
  function keepInView(message) {
    // Pinned, a message taller than a third of the screen (large text on a phone) would hide the form under it,
    // the focused Send button too, for as long as the phone is offline: it stays in its place at the top of the
    // page instead, brought into view once.
    if (pinned && message && statusBox.offsetHeight > window.innerHeight / 3) {
      statusBox.classList.remove("pinned");
      if (statusBox.getBoundingClientRect().top < 0) { statusBox.scrollIntoView({block: "start"}); }
    }
  }

  // The message of the page sent from (its answers saved, or why not), shown by the page it led to: focused, so a
  // screen reader reads it first and the keyboard goes on from there, and in view. Written while its box is not a
  // live region (a status again right after), else it would be announced as well as read: it is said once.
  // (Unless the page already put the focus on something else, a form's problems: then it is only said.)
  function sayOnArrival(message, kind, lang, after) {
    if (!statusBox) { return; }
    if (document.activeElement && document.activeElement !== document.body) { say(message, kind, lang, "", after); return; }
    statusBox.removeAttribute("role");
    statusBox.removeAttribute("aria-live");
    say(message, kind, lang, "", after);
    statusBox.tabIndex = -1;
    statusBox.focus({preventScroll: true});
    statusBox.scrollIntoView({block: "nearest"});
    window.setTimeout(function () {
      statusBox.setAttribute("role", "status");
      statusBox.setAttribute("aria-live", "polite");
    }, 0);
  }

  function loadQueue() {
    try { return JSON.parse(localStorage.getItem(QUEUE_KEY)) || []; } catch (e) { return []; }
  }
  function saveQueue(queue) {
    try { localStorage.setItem(QUEUE_KEY, JSON.stringify(queue)); } catch (e) { /* private mode: nothing to keep */ }
  }
  function forget(url) {  // a newer submission of the same form supersedes a queued one
    saveQueue(loadQueue().filter(function (other) { return other.url !== url; }));
  }
  function enqueue(entry) {
    forget(entry.url);
    saveQueue(loadQueue().concat([entry]));
  }

  // A send gives up after SEND_LIMIT_MS, the answer read whole included: on a flaky mobile network an answer
  // that never ends (a dying connection, its body stalled) left the form "sending" for ever, its button off, and
  // the queue waiting behind it. Given up, it is sent again from the queue: its client id stores it once.
  function post(entry) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller && window.setTimeout(function () { controller.abort(); }, SEND_LIMIT_MS);
    return fetch(entry.url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify(entry.body),
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      return response.json().catch(function (error) {
        if (error && error.name === "AbortError") { throw error; }
        return {};
      }).then(function (data) {
        window.clearTimeout(timer);
        return {status: response.status, ok: response.ok, data: data};
      });
    }).then(null, function (error) {
      window.clearTimeout(timer);
      throw error;
    });
  }

  // A refusal without our words is something on the way's (a venue's proxy, a firewall): said in the page's language.
  function refusedOnTheWay(status) {
    return text.refused_by_network.replace("%(status)s", String(status));
  }

  function formBody(form) {
    var body = {};
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrf_token" && typeof value === "string") { body[name] = value; }
    });
    return body;
  }

  // A draft is a form's fields as formBody gives them, under its address without the query (?lang=).
  function draftKey(url) { return DRAFT_KEY + new URL(url, window.location.href).pathname; }
  function keepDraft(event) {
    var form = event.target.form;
    if (!form || !form.matches("form[data-queue]")) { return; }
    try { sessionStorage.setItem(draftKey(form.action), JSON.stringify(formBody(form))); }
    catch (e) { /* no storage */ }
  }
  function dropDraft(url, body) {  // with a body: only if the draft is that submission (not newer typing)
    try {
      if (!body || sessionStorage.getItem(draftKey(url)) === JSON.stringify(body)) {
        sessionStorage.removeItem(draftKey(url));
      }
    } catch (e) { /* no storage */ }
  }
  function restoreDraft(form) {  // true when it changed what the page showed
    var draft;
    try { draft = JSON.parse(sessionStorage.getItem(draftKey(form.action))); } catch (e) { return false; }
    if (!draft) { return false; }
    var before = JSON.stringify(formBody(form));
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.type === "hidden") { return; }
      if (field.type === "radio" || field.type === "checkbox") { field.checked = draft[field.name] === field.value; }
      else if (field.name in draft) { field.value = draft[field.name]; }
    });
    return JSON.stringify(formBody(form)) !== before;
  }

  function flashNext(message, kind, lang) {  // shown by the next page (after a redirect or a reload)
    try {
      sessionStorage.setItem(FLASH_KEY, JSON.stringify({message: message, kind: kind, lang: lang || ""}));
    } catch (e) { /* lost */ }
  }

  // While a form is on its way its Send button is off, but with aria-disabled rather than disabled: a disabled
  // button drops the keyboard's (and a screen reader's) focus to the page's start while the answer is awaited.
  function holdSend(form, button, on) {
    form.toggleAttribute("data-sending", on);
    if (button) { button.setAttribute("aria-disabled", String(on)); }
  }

  function onSubmit(event) {
    var form = event.target;
    if (!form.matches("form[data-queue]") || !window.fetch || !window.JSON) { return; }
    event.preventDefault();
    if (form.hasAttribute("data-sending")) { return; }  // tapped again while it is on its way
    var button = form.querySelector("[type=submit]");
    var entry = {url: form.action, body: formBody(form), kind: form.getAttribute("data-queue") || ""};
    holdSend(form, button, true);
    pinned = true;
    say(text.sending);
    // Kept before it is sent: a reload or a closed tab while the answer is on its way sends it from the queue.
    enqueue(entry);
    told[entryKey(entry)] = "here";  // this page says what becomes of it
    sending = true;
    var slow = window.setTimeout(function () { say(text.slow, "warning"); }, SLOW_MS);
    post(entry).then(function (result) {
      sending = false;
      window.clearTimeout(slow);
      var refused = result.status !== 429 && result.status < 500;
      if (refused) { forget(entry.url); }
      if (result.ok) {
        dropDraft(entry.url);
        flashNext(result.data.message || "", "success", result.data.lang);
        sent = true;
        window.location.assign(result.data.redirect || window.location.href);
      } else if (result.status === 422 || result.status === 400) {
        dropDraft(entry.url);
        form.submit();  // the page comes back with each problem next to its question
      } else if (refused) {
        // Closed meanwhile, or this phone left the forum: the page as it is now, with the reason.
        flashNext(result.data.error || refusedOnTheWay(result.status), "error", result.data.error && result.data.lang);
        window.location.reload();
      } else {
        // Kept, and sent again from the queue shortly. A proxy's error page (503 while the app restarts) has none of
        // our words: the person was shown "503" alone.
        holdSend(form, button, false);
        say(result.data.error || text.server_problem, "warning", result.data.error && result.data.lang);
      }
    }, function (error) {
      sending = false;
      window.clearTimeout(slow);
      holdSend(form, button, false);
      // No answer in time: still on its way, kept, and sent again shortly (the same words as a slow send).
      say(error && error.name === "AbortError" ? text.slow : text.offline, "warning");
    });
  }

  // A plain form sent once (Join): tapped again while its answer is on its way on a slow network, it was sent
  // again, and the phone showed the second answer (the forum's page: the first had already made the phone's
  // record, so "Who are you?" was skipped). Its button is off (aria-disabled: the focus stays) and the form says
  // what it is doing until the next page opens; with no answer after SEND_LIMIT_MS it may be sent again.
  function onSubmitOnce(event) {
    var form = event.target;
    if (!form.matches("form[data-once]")) { return; }
    if (form.hasAttribute("data-sending")) { event.preventDefault(); return; }
    var button = form.querySelector("[type=submit]");
    holdSend(form, button, true);
    say(form.getAttribute("data-once"));
    window.setTimeout(function () { releaseOnce(form); }, SEND_LIMIT_MS);
  }
  function releaseOnce(form) {
    if (!form.hasAttribute("data-sending")) { return; }
    holdSend(form, form.querySelector("[type=submit]"), false);
    say("");
  }

  // What this page said of each queued entry (by entryKey): "here", sent from this page, which says what becomes of
  // it; "waiting", said to be still waiting. An entry sent from another page (the evaluation, then the sessions
  // page opened) was retried every RETRY_MS in silence while the server failed: the person never knew their answers
  // had not arrived. It is said once, named, and said again when it is sent.
  // Several answers waiting (the evaluation, then the vote, met by the same failing server) were said one at a time:
  // only the first, until it was sent. What waits is said whole, once for each set of answers that waits: one answer
  // named ("Your dots are still waiting…"), several counted and named ("2 answers wait to be sent: your evaluation,
  // your vote. …"), after the message shown before (the answers the page was sent from saved, or not taken); those
  // that were waiting are said sent together, and what still waits after them.
  var told = {}, waitingSaid = "", waitingLine = "", sentLines = [];
  function entryKey(entry) { return entry.url + " " + (entry.body && entry.body.client_id); }
  function whichOf(texts, entry) { return texts[entry.kind] || texts.other; }
  function waitingNames(queue) {
    var counts = {}, kinds = [];
    queue.forEach(function (entry) {
      var kind = text.waiting_names[entry.kind] ? entry.kind : "other";
      if (!counts[kind]) { counts[kind] = 0; kinds.push(kind); }
      counts[kind] += 1;
    });
    return kinds.map(function (kind) {
      return (counts[kind] > 1 && text.waiting_names_many[kind]) || text.waiting_names[kind];
    }).join(", ");
  }
  function sayWaiting() {
    var queue = loadQueue(), key = queue.map(entryKey).sort().join("\n");
    if (!queue.length || key === waitingSaid) { return; }
    waitingSaid = key;
    var fresh = false;
    queue.forEach(function (entry) {
      if (!told[entryKey(entry)]) { told[entryKey(entry)] = "waiting"; fresh = true; }
    });
    // One answer sent from this page: the page said already that the server did not take it.
    if (queue.length === 1 && !fresh) { return; }
    var line = queue.length === 1 ? whichOf(text.waiting, queue[0]) :
      // (the plural's form alone: said of 2 answers or more, "other" in English and French)
      text.waiting_count.replace("{count}", queue.length).replace("{which}", waitingNames(queue));
    var shown = statusBox ? statusBox.textContent.trim() : "";
    if (waitingLine && shown.slice(-waitingLine.length) === waitingLine) {  // what waited before: replaced
      shown = shown.slice(0, -waitingLine.length).trim();
    }
    waitingLine = line;
    sentLines = [];
    if (!shown || shown === text.sending) { say(line, "warning"); return; }
    sayAfter(shown, line, "warning");
  }
  // ``line`` after the message the box shows (``shown``, what it holds but a line added before by sayAfter): that
  // message stays as it is and only the line is added, in an element of its own, so that the live region says the
  // line alone. Written whole, the box had a screen reader read the message again before it ("The server could not
  // take your answers just now…" twice).
  function sayAfter(shown, line, kind) {
    var added = statusBox.querySelector("[data-said-after]");
    if (added) {
      if (added.previousSibling && added.previousSibling.nodeType === 3) { statusBox.removeChild(added.previousSibling); }
      statusBox.removeChild(added);
    }
    if (statusBox.textContent.trim() !== shown) { say(shown + " " + line, kind); return; }
    styleStatus(shown, kind);
    added = document.createElement("span");
    added.setAttribute("data-said-after", "");
    // the page's words after a message the server wrote in its own language
    if (statusBox.hasAttribute("lang")) { added.setAttribute("lang", document.documentElement.lang); }
    added.textContent = line;
    statusBox.append(" ", added);
    keepInView(line);
  }

  var flushing = false, sending = false, sent = false;
  function flush() {
    var queue = loadQueue();
    if (flushing || sending || !queue.length) { return; }
    flushing = true;
    var entry = queue[0];
    post(entry).then(function (result) {
      flushing = false;
      if (result.status === 429 || result.status >= 500) { sayWaiting(); return; }  // try again later
      saveQueue(loadQueue().filter(function (other) {
        return other.url !== entry.url || other.body.client_id !== entry.body.client_id;
      }));
      dropDraft(entry.url, entry.body);
      if (result.ok && told[entryKey(entry)] === "waiting") {
        sentLines.push(whichOf(text.waiting_sent, entry));
        waitingLine = "";
        say(sentLines.join(" "), "success");
      }
      else if (result.ok) { say(result.data.message || "", "success", result.data.lang, text.sent); }
      else {
        say(result.data.error || refusedOnTheWay(result.status), "error", result.data.error && result.data.lang,
            text.failed);
      }
      flush();
    }, function () { flushing = false; sayWaiting(); });
  }

  // A text with a count comes in its two forms: the page language's plural rule picks one.
  function counted(forms, n) {
    var rule = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang).select(n) : "";
    return forms[rule] || forms.other;
  }

  function setUpDots(form) {
    var total = Number(form.dataset.dots), max = Number(form.dataset.max);
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input.dot-count"));
    var counter = form.querySelector("[data-dots-left]");
    var templates = JSON.parse(counter.dataset.templates), limits = JSON.parse(form.dataset.limits);
    // aria-disabled, not disabled: a button pressed to its limit keeps the keyboard's focus (a disabled
    // one drops it to the page's start) and is read out as unavailable.
    function turnOff(button, off) { button.setAttribute("aria-disabled", String(off)); }
    function spent() { return inputs.reduce(function (sum, input) { return sum + Math.max(Number(input.value) || 0, 0); }, 0); }
    function refresh() {
      var used = spent(), said = counted(templates, used).replace("{spent}", used).replace("{dots}", total);
      // A live region: written only when the count changes, so it is said at each dot, not as the page opens.
      if (counter.textContent.trim() !== said) {
        counter.textContent = said;
        notes.forEach(function (note) { note.textContent = ""; });
      }
      counter.classList.toggle("over", used > total);
      inputs.forEach(function (input) {
        var value = Number(input.value) || 0;
        turnOff(input.parentNode.querySelector(".dot-minus"), value <= 0);
        turnOff(input.parentNode.querySelector(".dot-plus"), value >= max || used >= total);
      });
    }
    // Each button is named by its content, "Add a dot to " and the item's title, the sign seen ("+") left out: the
    // title in the language its label marks (an English title on a French page: lang="en"), which an aria-label
    // could not say (« Ajouter un point à Paid internships » was read all in French).
    function named(button, sign, words, label) {
      var seen = document.createElement("span"), name = document.createElement("span"),
        title = document.createElement("span");
      seen.setAttribute("aria-hidden", "true");
      seen.textContent = sign;
      name.className = "visually-hidden";
      title.textContent = label.textContent.trim();
      if (label.hasAttribute("lang")) { title.setAttribute("lang", label.getAttribute("lang")); }
      name.append(words + " ", title);
      button.append(seen, name);
    }
    // A "+" pressed at its limit says why under its item, seen by someone zoomed in on it and read out (a live
    // region of its own, there and empty from the start, so that its first words are said too); pressed again,
    // it is said again. The next change of the count clears it.
    var notes = [];
    function sayLimit(note, input) {
      note.textContent = "";
      setTimeout(function () {
        note.textContent = (Number(input.value) || 0) >= max ? limits.item : limits.spent;
      }, 50);
    }
    inputs.forEach(function (input) {
      var label = form.querySelector("label[for='" + input.id + "']");
      var note = document.createElement("p");
      note.className = "dot-limit";
      note.setAttribute("aria-live", "polite");
      notes.push(note);
      var box = document.createElement("span");
      box.className = "stepper";
      input.parentNode.insertBefore(box, input);
      [["dot-minus", "−", text.remove_dot, -1], [null], ["dot-plus", "+", text.add_dot, 1]].forEach(function (spec) {
        if (!spec[0]) { box.appendChild(input); return; }
        var button = document.createElement("button");
        button.type = "button";
        button.className = spec[0];
        named(button, spec[1], spec[2], label);
        button.addEventListener("click", function () {
          if (button.getAttribute("aria-disabled") === "true") {
            if (spec[3] > 0) { sayLimit(note, input); }
            return;
          }
          input.value = Math.max(0, Math.min(max, (Number(input.value) || 0) + spec[3]));
          input.dispatchEvent(new Event("input", {bubbles: true}));  // the counter, and the draft
        });
        box.appendChild(button);
      });
      box.parentNode.insertBefore(note, box.nextSibling);
      input.addEventListener("input", refresh);
    });
    refresh();
  }

  // A long list of stakeholder groups (participate/_fields.html, group_field): its search box, shown once this script
  // runs, narrows the radio buttons to the groups whose names hold every word typed (accents and case aside:
  // "reseaux" finds "Réseaux"), and says how many match; the chosen group stays shown, and is said to be (the count
  // left it out: "4 groups match" over five choices): "4 groups match. With your current choice, 5 are shown."
  // Enter keeps the form from being sent from the search box, and chooses the one group that matches. How many match
  // is seen at once, and said (a polite live region) once typing pauses, as app.js's character count: said at every
  // key that changed it, "12 groups match", "5 groups match", "4 groups match" were read over the letters typed.
  var SAY_FOUND_AFTER_MS = 1000;
  function folded(value) {
    return value.normalize ? value.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase() : value.toLowerCase();
  }
  function setUpGroupSearch(box) {
    var input = box.querySelector("input[type=search]"), found = document.getElementById(
      input.getAttribute("aria-describedby")), foundSaid = box.querySelector("[aria-live]"), sayTimer = null;
    var texts = JSON.parse(box.getAttribute("data-found"));
    var options = Array.prototype.slice.call(document.getElementById(box.getAttribute("data-group-search"))
      .querySelectorAll("label.option"));
    var names = options.map(function (option) { return folded(option.textContent); });
    function matching() {
      var words = folded(input.value).split(/\s+/).filter(Boolean);
      return options.filter(function (option, index) {
        return words.every(function (word) { return names[index].indexOf(word) !== -1; });
      });
    }
    function narrow() {
      var matches = input.value.trim() ? matching() : options, kept = 0;
      options.forEach(function (option) {
        var chosen = option.querySelector("input").checked, match = matches.indexOf(option) !== -1;
        option.hidden = !match && !chosen;
        if (chosen && !match) { kept += 1; }
      });
      var said = !input.value.trim() ? "" : !kept ? (matches.length ?
        counted(texts, matches.length).replace("{count}", matches.length) : texts.none) :
        !matches.length ? texts.none_kept : counted({one: texts.one_kept, other: texts.other_kept}, matches.length)
          .replace("{count}", matches.length).replace("{shown}", matches.length + kept);
      if (found.textContent !== said) { found.textContent = said; }
      window.clearTimeout(sayTimer);
      sayTimer = window.setTimeout(function () {
        if (foundSaid.textContent !== said) { foundSaid.textContent = said; }
      }, SAY_FOUND_AFTER_MS);
    }
    input.addEventListener("input", narrow);
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") { return; }
      event.preventDefault();
      var shown = input.value.trim() ? matching() : [];
      if (shown.length === 1) {
        var radio = shown[0].querySelector("input");
        radio.checked = true;
        radio.dispatchEvent(new Event("change", {bubbles: true}));  // the draft
        radio.focus();
      }
    });
    box.hidden = false;
    narrow();
    // Back to the page, the browser may put the search typed back in the box after this script ran (its form restore),
    // or show the page as it was left (its back-forward cache): the list is narrowed by what the box shows.
    window.addEventListener("pageshow", narrow);
  }
  document.querySelectorAll("[data-group-search]").forEach(setUpGroupSearch);

  // The phone's answers to a forum were erased: what it still kept to send there, or typed, goes too.
  var erased = document.querySelector("[data-forget-answers]");
  if (erased) {
    var forumPath = erased.getAttribute("data-forget-answers");
    saveQueue(loadQueue().filter(function (entry) {
      return new URL(entry.url, window.location.href).pathname.indexOf(forumPath) !== 0;
    }));
    try {
      Object.keys(sessionStorage).forEach(function (key) {
        if (key.indexOf(DRAFT_KEY + forumPath) === 0) { sessionStorage.removeItem(key); }
      });
    } catch (e) { /* no storage */ }
  }

  document.addEventListener("submit", onSubmit);
  document.addEventListener("submit", onSubmitOnce);
  document.addEventListener("input", keepDraft);
  document.addEventListener("change", keepDraft);
  var restored = false;
  document.querySelectorAll("form[data-queue]").forEach(function (form) { restored = restoreDraft(form) || restored; });
  document.querySelectorAll("form.dot-vote").forEach(setUpDots);
  // A form sent back with problems opens at its box, focused (read out first). The browser's autofocus may have
  // focused it first, centring it (and app.js then leaves it be): focused without scrolling again, it is placed
  // as app.js places it, a box taller than the screen at its top, with its heading.
  var problems = document.getElementById("form-problems");
  if (problems) {
    problems.focus({preventScroll: true});
    problems.scrollIntoView({block: problems.getBoundingClientRect().height > window.innerHeight * 0.8 ? "start" : "center"});
  }
  var flashed = false;
  try {
    var flash = sessionStorage.getItem(FLASH_KEY);
    sessionStorage.removeItem(FLASH_KEY);
    flash = flash && JSON.parse(flash);
    // A refusal that reloaded the page, its answers back in the form: the reason, then that they are back (the
    // second message alone replaced the first, and the person never learnt why the answers were not saved).
    if (flash && flash.message) {
      sayOnArrival(flash.message, flash.kind, flash.lang, restored ? text.restored : "");
      flashed = true;
    }
  } catch (e) { /* no storage */ }
  // The server's message after a plain form (withdrawing from the committee) is focused by app.js, as on any page
  // (once: not again on a page gone back to).
  if (restored && !flashed) { sayOnArrival(text.restored); }  // e.g. after the language switch: the form is just under it
  // Back to a page sent from: the browser shows it as it was left (its button off, "Sending…");
  // this page as it is now says the answers were received and lets them be changed.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && sent) { window.location.reload(); }
    // Back to the join page: its button on again.
    if (event.persisted) { document.querySelectorAll("form[data-once]").forEach(releaseOnce); }
  });
  window.addEventListener("online", flush);
  setInterval(flush, RETRY_MS);
  flush();
}());
