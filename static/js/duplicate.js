/* Close as a duplicate: offer matching questions while the champion types in the title search
   (progressive enhancement: without JavaScript the "Search titles" button does the same).
   Posts the form as that button would and shows the matches from the page it returns. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-duplicate-search]");
  if (!form || !window.fetch || !window.FormData || !window.DOMParser) { return; }
  var input = form.querySelector("#find");
  var box = document.getElementById("duplicate-matches");
  if (!input || !box) { return; }
  var timer = null;
  var last = input.value.trim();
  function update() {
    var words = input.value.trim();
    if (words === last) { return; }
    last = words;
    if (words.length < 3) { box.innerHTML = ""; return; }
    var data = new FormData(form);
    data.set("find_titles", "1");
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        if (!html || input.value.trim() !== words) { return; }
        var found = new DOMParser().parseFromString(html, "text/html").getElementById("duplicate-matches");
        if (found) { box.innerHTML = found.innerHTML; }
      })
      .catch(function () { /* keep what is shown */ });
  }
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 400);
  });
})();
