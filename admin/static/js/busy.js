// Long console actions (imports, month close, province-wide exports) say they are under way
// and cannot be sent twice by a double click.
//
// A form marked data-long-action: on submit its submit buttons are disabled, a second
// submit is cancelled, and the busy line (data-busy, translated on the server) is shown
// beside the buttons until the next page arrives. A link marked data-download: a click
// shows the busy line and ignores further clicks; the link is followed with a
// download_token, and the server's answer sets the cookie hailong_download to that token,
// which ends the busy state as soon as the file starts to arrive (a file shown in place, like
// a PDF, replaces the page instead). A page restored by the back button starts un-busy.
"use strict";
(function () {
  var COOKIE = "hailong_download";
  var GIVE_UP_MS = 5 * 60 * 1000;

  function busyLine(text) {
    var line = document.createElement("p");
    line.className = "busy-line";
    line.setAttribute("role", "status");
    line.setAttribute("aria-live", "polite");
    line.textContent = text;
    return line;
  }

  function buttonsOf(form) {
    return Array.prototype.slice.call(
      form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]"));
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-long-action")) { return; }
    if (form.getAttribute("aria-busy") === "true") {
      event.preventDefault();
      return;
    }
    if (event.defaultPrevented) { return; }  // e.g. a confirmation answered "no"
    form.setAttribute("aria-busy", "true");
    var buttons = buttonsOf(form);
    var last = buttons[buttons.length - 1];
    // A disabled button sends no value: a named submitter's value goes in a hidden field.
    var submitter = event.submitter;
    if (submitter && submitter.name) {
      var kept = document.createElement("input");
      kept.type = "hidden";
      kept.name = submitter.name;
      kept.value = submitter.value;
      form.appendChild(kept);
    }
    buttons.forEach(function (button) { button.disabled = true; });
    var line = busyLine(form.getAttribute("data-busy") || "…");
    if (last && last.parentNode) {
      last.parentNode.insertBefore(line, last.nextSibling);
    } else {
      form.appendChild(line);
    }
  });

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i += 1) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) { return parts[i].slice(eq + 1); }
    }
    return null;
  }

  function newToken() {
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function endDownload(link) {
    link.removeAttribute("aria-busy");
    link.removeAttribute("aria-disabled");
    var line = link.nextElementSibling;
    if (line && line.classList.contains("busy-line")) { line.remove(); }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-download]");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    event.preventDefault();
    if (link.getAttribute("aria-busy") === "true") { return; }
    var token = newToken();
    var url = new URL(link.href, window.location.href);
    url.searchParams.set("download_token", token);
    link.setAttribute("aria-busy", "true");
    link.setAttribute("aria-disabled", "true");
    link.parentNode.insertBefore(busyLine(link.getAttribute("data-busy") || "…"),
      link.nextSibling);
    var started = Date.now();
    var timer = window.setInterval(function () {
      if (readCookie(COOKIE) === token || Date.now() - started > GIVE_UP_MS) {
        window.clearInterval(timer);
        document.cookie = COOKIE + "=; Max-Age=0; Path=/admin/; SameSite=Strict";
        endDownload(link);
      }
    }, 250);
    window.location.assign(url.toString());
  });

  // Back from another page (the browser's page cache): nothing is under way any more.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("[aria-busy=true]"), function (el) {
      el.removeAttribute("aria-busy");
      el.removeAttribute("aria-disabled");
      buttonsOf(el).forEach(function (button) { button.disabled = false; });
    });
    Array.prototype.forEach.call(document.querySelectorAll(".busy-line"), function (line) {
      line.remove();
    });
  });
})();
