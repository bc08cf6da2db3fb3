// Shows new customer, bot and agent messages as they arrive, without reloading the page.
// Text is inserted with textContent, never as HTML. The transcript is a polite live region
// (role="log"), so a screen reader announces each new message, in its own language.
(function () {
  "use strict";
  var box = document.getElementById("transcript");
  if (!box) { return; }
  var after = Number(box.dataset.after || 0);

  function line(turn) {
    var div = document.createElement("div");
    div.className = "turn " + turn.speaker;
    div.dataset.event = turn.event_id;
    var meta = document.createElement("div");
    meta.className = "meta";
    var parts = [turn.at.replace("T", " ").replace("Z", ""), turn.agent || turn.speaker];
    if (turn.by_email) { parts.push("by email"); }
    if (turn.language) { parts.push(turn.language); }
    if (turn.intent) { parts.push(turn.intent + " (" + Number(turn.confidence || 0).toFixed(2) + ")"); }
    meta.textContent = parts.join(" · ");
    var text = document.createElement("div");
    text.className = "text";
    text.textContent = turn.text;
    if (turn.language) { text.lang = turn.language; }
    div.appendChild(meta);
    div.appendChild(text);
    return div;
  }

  function poll() {
    fetch(box.dataset.turnsUrl + "?after=" + after, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        data.turns.forEach(function (turn) { box.appendChild(line(turn)); });
        if (data.turns.length) { box.scrollTop = box.scrollHeight; }
        after = data.last_event_id;
      })
      .catch(function () { /* the next poll tries again */ })
      .finally(function () { window.setTimeout(poll, 1500); });
  }
  box.scrollTop = box.scrollHeight;
  window.setTimeout(poll, 1500);
}());
