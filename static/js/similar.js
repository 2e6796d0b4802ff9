/* Similar questions while typing a title (progressive enhancement: without JavaScript the
   ask page shows them on preview). Needs a container with data-similar-url and
   data-similar-for="<id of the title input>"; the server returns an escaped HTML fragment. */
(function () {
  "use strict";
  var box = document.querySelector("[data-similar-url]");
  if (!box || !window.fetch) { return; }
  var input = document.getElementById(box.getAttribute("data-similar-for") || "title");
  if (!input) { return; }
  var timer = null;
  var last = "";
  function update() {
    var title = input.value.trim();
    if (title === last) { return; }
    last = title;
    if (title.length < 10) { box.innerHTML = ""; return; }
    var url = box.getAttribute("data-similar-url") + "?title=" + encodeURIComponent(title.slice(0, 200));
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { if (input.value.trim() === title) { box.innerHTML = html; } })
      .catch(function () { /* keep what is shown */ });
  }
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 500);
  });
})();
