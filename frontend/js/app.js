// ai-key-wizard browser glue: CSRF header for htmx, Copy button, a confirm before losing a one-time secret,
// focus after swaps, network error banner.
// No inline scripts anywhere, so a strict Content-Security-Policy holds.
(function () {
  'use strict';

  function meta(name) {
    var el = document.querySelector('meta[name="' + name + '"]');
    return el ? el.getAttribute('content') : null;
  }

  // Every state-changing htmx request carries the CSRF token as a header.
  document.addEventListener('htmx:configRequest', function (event) {
    var header = meta('csrf-header');
    var token = meta('csrf-token');
    if (header && token && event.detail.verb !== 'get') {
      event.detail.headers[header] = token;
    }
  });

  // A key's secret is shown once: it is on the page only in the response that created the key. While it is shown,
  // anything that reloads or leaves the page (the language links, the stepper, Sign out, another key) asks first.
  // The server marks what it knows with data-confirm (a whole page with the secret); a key page swapped in by htmx
  // (the express path, a boosted form) leaves the header as it was, so the page's own state decides as well.
  function secretShown() {
    var field = document.getElementById('secret');
    return !!(field && field.value);
  }

  function leavesPage(element) {
    if (element.matches('a[href]')) {
      var href = element.getAttribute('href');
      return href.charAt(0) !== '#' && element.target !== '_blank';
    }
    return element.type === 'submit' && !!element.form && element.form.id !== 'verify-form';
  }

  document.addEventListener('click', function (event) {
    var element = event.target.closest('a[href], button, input[type="submit"]');
    if (!element) {
      return;
    }
    var message = element.getAttribute('data-confirm');
    if (!message && secretShown() && leavesPage(element)) {
      message = meta('leave-secret-warning');
    }
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // Copy the secret to the clipboard; announce it to screen readers.
  document.addEventListener('click', function (event) {
    var button = event.target.closest('[data-copy-target]');
    if (!button) {
      return;
    }
    var field = document.getElementById(button.getAttribute('data-copy-target'));
    if (!field) {
      return;
    }
    var done = function () {
      var label = button.getAttribute('data-copied-label') || 'Copied';
      button.textContent = label;
      button.setAttribute('data-copied', 'true');
      var status = document.getElementById('copy-status');
      if (status) {
        status.textContent = label;
      }
    };
    field.focus();
    field.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () {
        document.execCommand('copy');
        done();
      });
    }
    else {
      document.execCommand('copy');
      done();
    }
  });

  // After a step changes, move focus to its heading so keyboard and screen-reader users land on the new content.
  var lastStep = null;
  document.addEventListener('htmx:beforeSwap', function () {
    var main = document.getElementById('wizard-main');
    lastStep = main ? main.getAttribute('data-step') + '|' + main.hasAttribute('data-progress') : null;
  });
  document.addEventListener('htmx:afterSettle', function () {
    var main = document.getElementById('wizard-main');
    if (!main) {
      return;
    }
    var now = main.getAttribute('data-step') + '|' + main.hasAttribute('data-progress');
    if (now !== lastStep) {
      var heading = document.getElementById('step-heading');
      if (heading) {
        heading.focus();
      }
    }
  });

  // Expiry dates mean the end of the day in the user's own time zone: tell the server which one that is, when a form
  // that carries one is sent. Not on load: the first question to Intl loads the browser's time-zone data, a long task
  // on a slow phone (Lighthouse's Total Blocking Time) that most pages never need.
  var zone;
  function timeZone() {
    if (zone === undefined) {
      zone = (window.Intl && Intl.DateTimeFormat) ? Intl.DateTimeFormat().resolvedOptions().timeZone : null;
    }
    return zone;
  }
  function fillTimeZones(root, parameters) {
    if (!root || !root.querySelectorAll) {
      return;
    }
    root.querySelectorAll('input[data-time-zone]').forEach(function (input) {
      if (!input.value && timeZone()) {
        input.value = timeZone();
      }
      if (parameters && input.name && !parameters[input.name] && input.value) {
        parameters[input.name] = input.value;
      }
    });
  }
  // A plain or boosted form: before the browser or htmx reads its fields.
  document.addEventListener('submit', function (event) {
    fillTimeZones(event.target);
  }, true);
  // A form sent by htmx some other way (a button's hx-post): its values are already collected, so set them there.
  document.addEventListener('htmx:configRequest', function (event) {
    if (event.detail.verb === 'get') {
      return;
    }
    var elt = event.detail.elt;
    var form = (elt && elt.closest) ? (elt.closest('form') || elt) : null;
    fillTimeZones(form, event.detail.parameters);
  });

  // A request that never reached the server: say so instead of doing nothing.
  document.addEventListener('htmx:sendError', function () {
    var banner = document.getElementById('net-error');
    if (banner) {
      banner.hidden = false;
    }
  });
  document.addEventListener('htmx:afterRequest', function (event) {
    var banner = document.getElementById('net-error');
    if (banner && event.detail.successful) {
      banner.hidden = true;
    }
  });
})();
