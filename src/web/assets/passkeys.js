// Sésame console: the WebAuthn ceremonies of /account ("Add a passkey") and of the
// sign-in page ("Sign in with a passkey"). The one script of the console, served
// from Sésame's own origin (CSP script-src 'self'); the pages work without it, the
// passkey controls stay hidden. The server runs every check (@simplewebauthn/server
// in the kernel); this file only carries WebAuthn JSON between the browser and it.
// Each call is same-origin and sends the page's form token in X-CSRF-Token.
'use strict';
(function () {
  var toBytes = function (text) {
    var base64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  };
  var toText = function (buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = '';
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  };
  var withIds = function (list) {
    return (list || []).map(function (c) {
      return Object.assign({}, c, { id: toBytes(c.id) });
    });
  };

  var creationOptions = function (json) {
    return Object.assign({}, json, {
      challenge: toBytes(json.challenge),
      user: Object.assign({}, json.user, { id: toBytes(json.user.id) }),
      excludeCredentials: withIds(json.excludeCredentials),
    });
  };
  var requestOptions = function (json) {
    var options = Object.assign({}, json, { challenge: toBytes(json.challenge) });
    if (json.allowCredentials) options.allowCredentials = withIds(json.allowCredentials);
    return options;
  };

  /** The credential as WebAuthn JSON (what PublicKeyCredential.toJSON() gives where it exists). */
  var credentialJson = function (credential) {
    var r = credential.response;
    var response = { clientDataJSON: toText(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toText(r.attestationObject);
      response.transports = typeof r.getTransports === 'function' ? r.getTransports() : [];
    } else {
      response.authenticatorData = toText(r.authenticatorData);
      response.signature = toText(r.signature);
      if (r.userHandle) response.userHandle = toText(r.userHandle);
    }
    return {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      response: response,
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
      clientExtensionResults: credential.getClientExtensionResults(),
    };
  };

  var post = function (url, csrf, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify(body),
    }).then(function (answer) {
      return answer.json().catch(function () { return {}; }).then(function (json) {
        if (!answer.ok) throw Object.assign(new Error(json.message || 'refused'), { shown: json.message });
        return json;
      });
    });
  };

  var supported = typeof window.PublicKeyCredential === 'function' && !!navigator.credentials;

  /** The box's message line: the server's words, else the page's own for a cancelled or failed ceremony. */
  var showError = function (box, error) {
    var line = box.querySelector('[data-passkey-message]');
    line.textContent = (error && error.shown) || box.getAttribute('data-failed');
    line.hidden = false;
  };

  var explain = function (box) {
    var note = box.querySelector('[data-passkey-note]');
    if (!note) return;
    if (supported) note.hidden = true;
    else note.textContent = box.getAttribute('data-unsupported');
  };

  // /account: add a passkey, then back to the page, which lists it.
  var add = document.getElementById('passkey-add');
  if (add) {
    explain(add);
    var form = add.querySelector('form');
    if (supported) form.hidden = false;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var csrf = add.getAttribute('data-csrf');
      var name = form.querySelector('input[name=name]').value;
      var button = form.querySelector('button');
      button.disabled = true;
      post('/account/passkeys/options', csrf, {})
        .then(function (options) { return navigator.credentials.create({ publicKey: creationOptions(options) }); })
        .then(function (credential) { return post('/account/passkeys', csrf, { name: name, response: credentialJson(credential) }); })
        .then(function (answer) { window.location.assign(answer.redirect); })
        .catch(function (error) { button.disabled = false; showError(add, error); });
    });
  }

  // The sign-in page: any discoverable passkey of this site, then where the visitor was going.
  var signIn = document.getElementById('passkey-sign-in');
  if (signIn && supported) {
    signIn.hidden = false;
    var start = signIn.querySelector('button');
    start.addEventListener('click', function () {
      var csrf = signIn.getAttribute('data-csrf');
      var returnTo = signIn.getAttribute('data-return-to') || undefined;
      start.disabled = true;
      post('/account/sign-in/passkey/options', csrf, {})
        .then(function (answer) {
          return navigator.credentials.get({ publicKey: requestOptions(answer.options) }).then(function (credential) {
            return post('/account/sign-in/passkey', csrf, { challenge_id: answer.challenge_id, response: credentialJson(credential), return_to: returnTo });
          });
        })
        .then(function (answer) { window.location.assign(answer.redirect); })
        .catch(function (error) { start.disabled = false; showError(signIn, error); });
    });
  }
})();
