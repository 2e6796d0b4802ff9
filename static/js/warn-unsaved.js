// Progressive enhancement: warn before leaving a page whose form has unsaved text.
// Any form opts in with the attribute data-warn-unsaved (and this script on the page). A form shown
// again after an error, whose text is not saved yet, marks itself data-warn-unsaved="unsaved".
// Submitting the form itself clears the warning.
(function () {
  "use strict";
  var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-warn-unsaved]"));
  if (!forms.length) { return; }
  var submitting = false;

  // Compare each field with the value the page was loaded with (the browser keeps it as the default).
  function fieldChanged(field) {
    if (field.disabled || !field.name) { return false; }
    if (field.type === "checkbox" || field.type === "radio") { return field.checked !== field.defaultChecked; }
    if (field.tagName === "SELECT") {
      return Array.prototype.some.call(field.options, function (option) { return option.selected !== option.defaultSelected; });
    }
    if (field.tagName === "TEXTAREA" || (field.tagName === "INPUT" && !/^(hidden|submit|button|reset|image|file)$/.test(field.type))) {
      return field.value !== field.defaultValue;
    }
    return false;
  }

  function unsaved(form) {
    return form.getAttribute("data-warn-unsaved") === "unsaved" || Array.prototype.some.call(form.elements, fieldChanged);
  }

  // Listen on the document so a submit cancelled by another script (a confirmation) does not clear the warning.
  document.addEventListener("submit", function (event) {
    if (!event.defaultPrevented && forms.indexOf(event.target) !== -1) { submitting = true; }
  });

  // Coming back with the Back button restores the page as it was: warn again from then on.
  window.addEventListener("pageshow", function () { submitting = false; });

  window.addEventListener("beforeunload", function (event) {
    if (submitting || !forms.some(unsaved)) { return undefined; }
    event.preventDefault();
    event.returnValue = "";  // older browsers need a value to show their own "leave this page?" question
    return "";
  });
})();
