// The live board: progressive enhancement. Without this file the page works, and "Refresh the board" reloads it.
// Every few seconds, ask for the board; the server answers 204 when nothing changed since our stamp.
// The board is not replaced while someone is using it (focus inside it), so keyboard users never lose their place.
(function () {
  "use strict";
  var INTERVAL = 3000;
  var status = document.getElementById("board-status");

  function board() { return document.getElementById("board"); }

  function poll() {
    var current = board();
    if (!current || document.hidden) { return; }
    if (current.contains(document.activeElement) && document.activeElement !== document.body) { return; }
    var url = current.getAttribute("data-board-url") + "?stamp=" + encodeURIComponent(current.getAttribute("data-stamp"));
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } }).then(function (response) {
      if (response.status !== 200) { return null; }
      return response.text();
    }).then(function (html) {
      if (!html) { return; }
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var fresh = holder.querySelector("#board");
      var now = board();
      if (!fresh || !now || (now.contains(document.activeElement) && document.activeElement !== document.body)) { return; }
      now.replaceWith(fresh);
      if (status) { status.textContent = "The board was updated."; }
    }).catch(function () { /* offline for a moment: try again next time */ });
  }

  if (board() && window.fetch) { window.setInterval(poll, INTERVAL); }
}());
