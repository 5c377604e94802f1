/*
 * Switchboard chat widget. Embed with one tag:
 *   <script src="https://support.example.com/chat/widget.js" async></script>
 * Optional attributes: data-title, data-open="true" (open at load), data-name, data-email, data-server
 * (the gateway's base URL when the script is served from elsewhere).
 * Protocol: docs/channel-chat.md. No framework, no build step, no cookies: the visitor token lives in
 * localStorage under "switchboard.chat.token". The paperclip posts a file to /chat/attachments with it.
 *
 * This file only reads its tag and loads the widget's modules (/chat/widget/*.js) from the same gateway;
 * the gateway serves them to any origin (they are fetched with CORS, as every module script is).
 * window.SwitchboardChat answers at once: calls made before the modules arrive run when they do.
 */
(function () {
  "use strict";
  if (window.SwitchboardChat) {
    return; // embedded twice
  }

  var script = document.currentScript;
  var options = {};
  ["title", "open", "name", "email", "server"].forEach(function (name) {
    var value = script ? script.getAttribute("data-" + name) : null;
    if (value !== null) { options[name] = value; }
  });
  var base = new URL(options.server || (script && script.src) || location.href, location.href);

  var waiting = [];
  var later = function (method) {
    return function () { waiting.push([method, Array.prototype.slice.call(arguments)]); };
  };
  window.SwitchboardChat = { open: later("open"), close: later("close"), send: later("send") };

  import(base.origin + "/chat/widget/main.js").then(function (widget) {
    var api = widget.start(base.origin, options);
    window.SwitchboardChat = api;
    waiting.forEach(function (call) { api[call[0]].apply(null, call[1]); });
  }).catch(function (e) {
    if (window.console) { window.console.error("Switchboard chat could not load from " + base.origin, e); }
  });
})();
