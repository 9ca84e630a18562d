/* The page of a switched-off or replaced capture link: lists the cards this device still keeps for
 * the table (the capture page's queue in localStorage, and the cards refused for good), so the
 * facilitator sees nothing was lost; and the text typed in the box and never saved as a card, to copy.
 * A replaced link is unknown to the server: the capture page noted its table on this device. */
(function () {
  "use strict";

  var section = document.getElementById("kept-cards");
  if (!section) return;
  var queue, draft;
  try {
    var token = location.pathname.slice(location.pathname.lastIndexOf("/") + 1);
    var table = section.getAttribute("data-table") || localStorage.getItem("fw-capture:link:" + token);
    if (!table) return;
    // the text typed in the box and never saved as a card (kept when the table's other notes went, capture.js)
    draft = JSON.parse(localStorage.getItem("fw-capture:table:" + table + ":draft"));
    queue = JSON.parse(localStorage.getItem("fw-capture:table:" + table + ":queue")) || [];
    // cards the server refused for good are kept too, until sent again or discarded on the capture page
    queue = (JSON.parse(localStorage.getItem("fw-capture:table:" + table + ":refused")) || [])
      .filter(function (entry) { return entry.op === "create"; }).concat(queue);
  } catch (e) {
    return;
  }
  var texts = {};  // client id -> text, in the order the cards were typed
  var order = [];
  queue.forEach(function (op) {
    if (op.op === "create") { texts[op.client_id] = op.body.text; order.push(op.client_id); }
    else if (op.op === "edit" && op.client_id in texts && op.body.text) texts[op.client_id] = op.body.text;
    else if (op.op === "undo") delete texts[op.client_id];
  });
  var kept = order.filter(function (id) { return id in texts; }).reverse();  // newest first, as on the capture page
  var typed = typeof draft === "string" && draft.trim() ? draft : null;
  if (!kept.length && !typed) return;
  var list = document.getElementById("kept-list");
  var template = document.getElementById("kept-draft-item");
  if (typed && template) {  // first, as the box is above the cards on the capture page
    var item = template.content.firstElementChild.cloneNode(true);
    item.querySelector("textarea").value = typed;
    list.appendChild(item);
  }
  kept.forEach(function (id) {
    var item = document.createElement("li");
    item.className = "capture-card pending";
    var text = document.createElement("p");
    text.className = "capture-card-text";
    text.textContent = texts[id];  // never innerHTML: cards are user text
    item.appendChild(text);
    list.appendChild(item);
  });
  document.getElementById("kept-count").textContent = kept.length + (typed ? 1 : 0);
  section.hidden = false;
})();
