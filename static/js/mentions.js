/* @mention suggestions while typing (progressive enhancement: typing "@Full Name" works without it).
   A marker <div data-mentions data-for="<textarea id>" data-url="<suggest url with the audience>">
   gives that textarea a list of suggestions (the text area keeps its textbox role, as HTML requires, with
   aria-autocomplete, aria-controls and aria-activedescendant; a status message says how many there are):
   Up/Down choose, Enter or Tab insert, Escape closes. */
(function () {
  "use strict";
  if (!window.fetch) { return; }
  var TYPED = /(^|[\s(])@([^\s@()]{1,30}(?: [^\s@()]{0,30})?)$/;

  function setUp(marker) {
    var area = document.getElementById(marker.getAttribute("data-for"));
    if (!area) { return; }
    var url = marker.getAttribute("data-url");
    var listId = area.id + "-mentions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "People you can mention");
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    area.parentNode.insertBefore(list, area.nextSibling);
    area.parentNode.insertBefore(status, list.nextSibling);
    area.setAttribute("aria-autocomplete", "list");
    area.setAttribute("aria-controls", listId);
    var items = [], active = -1, typed = null, timer = null, asked = "";

    function close() {
      list.hidden = true; list.innerHTML = ""; items = []; active = -1; typed = null;
      area.removeAttribute("aria-activedescendant");
    }
    function highlight(index) {
      active = index;
      items.forEach(function (item, i) {
        item.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0) { area.setAttribute("aria-activedescendant", items[index].id); }
    }
    function insert(index) {
      var name = items[index].getAttribute("data-name");
      var caret = area.selectionStart;
      var before = area.value.slice(0, caret).replace(/@[^@]*$/, "@" + name + " ");
      area.value = before + area.value.slice(caret);
      area.selectionStart = area.selectionEnd = before.length;
      close();
      status.textContent = "Mentioned " + name;
      area.dispatchEvent(new Event("input", { bubbles: true }));
    }
    function show(people) {
      list.innerHTML = ""; items = [];
      people.forEach(function (person, i) {
        var item = document.createElement("li");
        item.id = listId + "-" + i;
        item.className = "mention-list__item";
        item.setAttribute("role", "option");
        item.setAttribute("data-name", person.name);
        item.textContent = person.name + " (" + person.role + ")";
        item.addEventListener("mousedown", function (event) { event.preventDefault(); insert(i); });
        list.appendChild(item); items.push(item);
      });
      list.hidden = items.length === 0;
      status.textContent = items.length ? items.length + (items.length === 1 ? " person" : " people") +
        " to mention: use the up and down arrows, then Enter" : "";
      highlight(items.length ? 0 : -1);
    }
    function lookUp() {
      var match = TYPED.exec(area.value.slice(0, area.selectionStart));
      if (!match) { close(); return; }
      typed = match[2];
      if (typed === asked) { return; }
      asked = typed;
      var level = marker.getAttribute("data-level-from");
      var chosen = level && document.querySelector("input[name='" + level + "']:checked");
      var address = url + (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(typed) +
        (chosen ? "&visibility=" + encodeURIComponent(chosen.value) : "");
      fetch(address, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (people) { if (typed === asked) { show(people); } })
        .catch(function () { close(); });
    }
    area.addEventListener("input", function () {
      window.clearTimeout(timer);
      asked = "";
      timer = window.setTimeout(lookUp, 150);
    });
    area.addEventListener("keydown", function (event) {
      if (list.hidden || !items.length) { return; }
      if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % items.length); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight((active - 1 + items.length) % items.length); }
      else if (event.key === "Enter" || event.key === "Tab") { if (active >= 0) { event.preventDefault(); insert(active); } }
      else if (event.key === "Escape") { event.preventDefault(); close(); }
    });
    area.addEventListener("blur", function () { window.setTimeout(close, 100); });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-mentions]"), setUp);
})();
