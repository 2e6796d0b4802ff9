// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Move focus to the error summary so screen reader users hear what went wrong.
  var summary = document.querySelector("[data-autofocus]");
  if (summary) { summary.focus(); }

  // Links in the error summary: focus the field itself, not just scroll to it.
  document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) { return; }
      event.preventDefault();
      var input = target.matches("input, textarea, select") ? target : target.querySelector("input, textarea, select");
      (input || target).focus();
      target.scrollIntoView({ block: "center" });
    });
  });

  // Buttons that ask "are you sure?" before a destructive-looking action.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });

  // Forms marked data-once send once: a second click while the first is on its way is ignored, so a
  // double click cannot post twice (the server refuses an identical post too). The buttons are not
  // disabled, because a disabled button's name (such as "preview") would not be sent.
  function ready(form) {
    form.removeAttribute("data-sending");
    form.querySelectorAll("[aria-disabled]").forEach(function (button) { button.removeAttribute("aria-disabled"); });
  }
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) { return; }
      if (form.getAttribute("data-sending")) { event.preventDefault(); return; }
      form.setAttribute("data-sending", "true");
      form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (button) {
        button.setAttribute("aria-disabled", "true");
      });
      // If the network fails the page stays: let them try again after a while.
      window.setTimeout(function () { ready(form); }, 10000);
    });
  });
  // The navigation folds behind a "Menu" button on narrow screens and at 200% zoom (GOV.UK service
  // navigation): the button shows only when JavaScript runs; without it the links stay in view.
  var toggle = document.querySelector(".site-nav__toggle");
  var navList = document.getElementById("site-nav-list");
  if (toggle && navList && window.matchMedia) {
    var narrow = window.matchMedia("(max-width: 640px)");
    var fold = function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.hidden = !narrow.matches;
      navList.hidden = narrow.matches && !open;
    };
    toggle.addEventListener("click", function () {
      toggle.setAttribute("aria-expanded", toggle.getAttribute("aria-expanded") === "true" ? "false" : "true");
      fold();
    });
    if (narrow.addEventListener) { narrow.addEventListener("change", fold); } else { narrow.addListener(fold); }
    fold();
  }

  // Coming Back to a page kept in memory: its forms may be sent again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sending]").forEach(ready);
  });
})();
