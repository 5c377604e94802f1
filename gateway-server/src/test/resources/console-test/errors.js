/* A classic script, so it runs even when a module fails to load: records load and syntax errors for the JUnit side. */
window.consoleTestErrors = [];
window.addEventListener("error", function (e) {
  var where = e.target && e.target.src ? " (" + e.target.src + ")" : e.filename ? " (" + e.filename + ":" + e.lineno + ")" : "";
  window.consoleTestErrors.push((e.message || "failed to load") + where);
}, true);
window.addEventListener("unhandledrejection", function (e) {
  window.consoleTestErrors.push("unhandled rejection: " + (e.reason && e.reason.stack || e.reason));
});
