// Runs first, in <head>: records every error the page meets (script errors, failed
// promises, console.error, and requests the Content-Security-Policy refused) in the
// #doppel-errors element, where readers see them and tests read them.
(function () {
  'use strict';
  var pending = [];
  function show(text) {
    var box = document.getElementById('doppel-errors');
    if (!box) {
      pending.push(text);
      return;
    }
    var line = document.createElement('div');
    line.className = 'error-line';
    line.textContent = text;
    box.appendChild(line);
    box.hidden = false;
  }
  function record(kind, message) {
    show(kind + ': ' + message);
  }
  window.doppelRecordError = record;
  window.addEventListener('error', function (event) {
    if (event.target && event.target !== window && event.target.tagName) {
      record('resource', 'could not load ' + event.target.tagName.toLowerCase());
      return;
    }
    var where = event.filename ? ' (' + event.filename + ':' + event.lineno + ')' : '';
    record('error', (event.message || 'script error') + where);
  }, true);
  window.addEventListener('unhandledrejection', function (event) {
    record('unhandled rejection', String(event.reason));
  });
  document.addEventListener('securitypolicyviolation', function (event) {
    record('blocked', event.violatedDirective + ' ' + (event.blockedURI || ''));
  });
  var consoleError = console.error;
  console.error = function () {
    record('console.error', Array.prototype.map.call(arguments, String).join(' '));
    return consoleError.apply(console, arguments);
  };
  document.addEventListener('DOMContentLoaded', function () {
    var queued = pending;
    pending = [];
    queued.forEach(show);
  });
})();
