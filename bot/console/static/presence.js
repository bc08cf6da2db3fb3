// Keeps the signed-in person's presence fresh while a console page is open: without this
// heartbeat they stop counting as available (bot/handoff/presence.py, PRESENCE_TTL).
(function () {
  "use strict";
  var token = document.querySelector("meta[name=csrf-token]");
  var seconds = Number(document.currentScript.dataset.seconds) || 30;
  if (!token) { return; }
  function beat() {
    fetch("/console/presence/heartbeat", {method: "POST", credentials: "same-origin",
                                          headers: {"X-CSRFToken": token.content, Accept: "application/json"}})
      .catch(function () { /* the next beat tries again */ })
      .finally(function () { window.setTimeout(beat, seconds * 1000); });
  }
  beat();
}());
