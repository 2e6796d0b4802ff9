// Passkeys (WebAuthn): register one, or use one as the second step of signing in.
// The panels are hidden in the HTML and shown only where the browser supports passkeys.
(function () {
  "use strict";
  if (!window.PublicKeyCredential || !navigator.credentials) { return; }

  function toBytes(value) {
    var text = value.replace(/-/g, "+").replace(/_/g, "/");
    while (text.length % 4) { text += "="; }
    var raw = atob(text), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
    return bytes.buffer;
  }

  function toText(buffer) {
    var bytes = new Uint8Array(buffer), raw = "";
    for (var i = 0; i < bytes.length; i++) { raw += String.fromCharCode(bytes[i]); }
    return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function post(url, csrf, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json"},
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) { throw new Error(data.error || "Something went wrong. Try again."); }
        return data;
      });
    });
  }

  function credentialJSON(credential) {
    var response = credential.response, out = {
      id: credential.id, rawId: toText(credential.rawId), type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults ? credential.getClientExtensionResults() : {},
      response: {clientDataJSON: toText(response.clientDataJSON)}
    };
    if (response.attestationObject) {
      out.response.attestationObject = toText(response.attestationObject);
      if (response.getTransports) { out.response.transports = response.getTransports(); }
    } else {
      out.response.authenticatorData = toText(response.authenticatorData);
      out.response.signature = toText(response.signature);
      if (response.userHandle) { out.response.userHandle = toText(response.userHandle); }
    }
    return out;
  }

  function showError(panel, message) {
    var box = panel.querySelector("[data-passkey-error]");
    box.textContent = message;
    box.hidden = false;
  }

  function failure(panel) {
    return function (error) {
      var message = error && error.name === "NotAllowedError"
        ? "The passkey was not used (cancelled or timed out). Try again, or use a code."
        : (error && error.message) || "Something went wrong. Try again.";
      showError(panel, message);
    };
  }

  function register(panel) {
    var csrf = panel.getAttribute("data-csrf");
    var nameInput = panel.querySelector("[data-passkey-name]");
    post(panel.getAttribute("data-options-url"), csrf).then(function (options) {
      options.challenge = toBytes(options.challenge);
      options.user.id = toBytes(options.user.id);
      (options.excludeCredentials || []).forEach(function (c) { c.id = toBytes(c.id); });
      return navigator.credentials.create({publicKey: options});
    }).then(function (credential) {
      return post(panel.getAttribute("data-url"), csrf,
                  {name: nameInput ? nameInput.value : "", credential: credentialJSON(credential)});
    }).then(function (data) { window.location.assign(data.redirect); }, failure(panel));
  }

  function signIn(panel) {
    var csrf = panel.getAttribute("data-csrf");
    var remember = document.querySelector("input[name=remember_device]");
    post(panel.getAttribute("data-options-url"), csrf).then(function (options) {
      options.challenge = toBytes(options.challenge);
      (options.allowCredentials || []).forEach(function (c) { c.id = toBytes(c.id); });
      return navigator.credentials.get({publicKey: options});
    }).then(function (credential) {
      return post(panel.getAttribute("data-url"), csrf,
                  {credential: credentialJSON(credential), remember_device: !!(remember && remember.checked)});
    }).then(function (data) { window.location.assign(data.redirect); }, failure(panel));
  }

  document.querySelectorAll("[data-passkey-register], [data-passkey-sign-in]").forEach(function (panel) {
    panel.hidden = false;
    var action = panel.hasAttribute("data-passkey-register") ? register : signIn;
    panel.querySelector("[data-passkey-button]").addEventListener("click", function () { action(panel); });
  });
}());
