/* Keep what someone is writing as a draft in this browser, so a timeout, a misclick or a closed tab
   does not lose it (progressive enhancement). Every text area of a POST form is kept, by the form's
   address and the field's name, unless it has data-no-draft. A draft is restored only into an empty
   text area, with a notice and a button to discard it. Nothing stays after posting: once the page after
   a submit says it was saved, the draft is removed; signing out removes every draft; drafts older
   than a day are dropped. */
(function () {
  "use strict";
  var PREFIX = "hub-draft:";
  var MAX_AGE = 24 * 60 * 60 * 1000;
  var store;
  try { store = window.localStorage; store.setItem(PREFIX + "test", "1"); store.removeItem(PREFIX + "test"); }
  catch (e) { return; }

  function read(key) {
    try { return JSON.parse(store.getItem(key) || "null"); } catch (e) { return null; }
  }
  function forEachDraft(callback) {
    for (var i = store.length - 1; i >= 0; i--) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0) { callback(key, read(key)); }
    }
  }

  var saved = document.querySelector("[data-saved]");
  var errors = document.querySelector(".error-summary");
  forEachDraft(function (key, draft) {
    if (!draft || Date.now() - draft.at > MAX_AGE || (draft.submitted && saved && !errors)) { store.removeItem(key); }
  });

  var signOut = document.querySelector("form[action$='/auth/sign-out']");
  if (signOut) {
    signOut.addEventListener("submit", function () { forEachDraft(function (key) { store.removeItem(key); }); });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[method='post'] textarea:not([data-no-draft])"), function (area) {
    var form = area.form;
    var key = PREFIX + (form.getAttribute("action") || window.location.pathname) + "#" + area.name;
    var draft = read(key);
    if (draft && draft.text && !area.value.trim()) {
      area.value = draft.text;
      var notice = document.createElement("div");
      notice.className = "inset-text draft-notice";
      notice.setAttribute("role", "status");
      var text = document.createElement("p");
      text.textContent = "We restored the draft you were writing here. It is kept only in this browser until you post it.";
      var discard = document.createElement("button");
      discard.type = "button";
      discard.className = "button button--small button--secondary";
      discard.textContent = "Discard the draft";
      discard.addEventListener("click", function () {
        store.removeItem(key); area.value = ""; notice.parentNode.removeChild(notice); area.focus();
      });
      notice.appendChild(text); notice.appendChild(discard);
      area.parentNode.insertBefore(notice, area);
    }
    var timer = null;
    area.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        if (area.value.trim()) { store.setItem(key, JSON.stringify({ text: area.value, at: Date.now() })); }
        else { store.removeItem(key); }
      }, 400);
    });
    form.addEventListener("submit", function () {
      if (area.value.trim()) { store.setItem(key, JSON.stringify({ text: area.value, at: Date.now(), submitted: true })); }
    });
  });
})();
