// Alerts inbox: ask the server every few seconds for alerts newer than the newest shown,
// and put them at the top of the table. No framework; text is set with textContent only.
"use strict";
(function () {
  var table = document.getElementById("alerts-table");
  if (!table) { return; }
  var seconds = Number(table.getAttribute("data-poll"));
  var after = Number(table.getAttribute("data-after")) || 0;
  var feed = table.getAttribute("data-feed");
  var news = document.getElementById("alerts-news");
  var added = 0;
  if (!seconds) { return; }

  // On a phone each row is a card whose cells name themselves after their column.
  var headings = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) {
    return th.textContent;
  });

  function labelled(row, td) {
    td.setAttribute("data-label", headings[row.cells.length] || "");
    if (!row.cells.length) { td.className = "card-title"; }
    row.appendChild(td);
  }

  function cell(row, text, href) {
    var td = document.createElement("td");
    if (href) {
      var link = document.createElement("a");
      link.href = href;
      link.textContent = text;
      td.appendChild(link);
    } else {
      td.textContent = text;
    }
    labelled(row, td);
  }

  function show(alert) {
    var body = table.tBodies[0];
    var empty = body.querySelector("tr.empty");
    if (empty) { empty.remove(); }
    var row = document.createElement("tr");
    row.className = "status-" + alert.status_code + " fresh";
    cell(row, alert.time, alert.url);
    cell(row, alert.behaviour ? alert.kind + ": " + alert.behaviour : alert.kind);
    cell(row, alert.officer);
    cell(row, alert.site);
    cell(row, String(alert.counter));
    var status = document.createElement("td");
    var badge = document.createElement("span");
    badge.className = "badge status-" + alert.status_code;
    badge.textContent = alert.status;
    status.appendChild(badge);
    labelled(row, status);
    body.insertBefore(row, body.firstChild);
  }

  function poll() {
    var url = feed + (feed.indexOf("?") < 0 ? "?" : "&") + "after=" + after;
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 401 || response.redirected) {
          window.location.reload();
          return null;
        }
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data) { return; }
        data.alerts.slice().reverse().forEach(function (alert) {
          show(alert);
          after = Math.max(after, alert.id);
          added += 1;
        });
        if (added && news) {
          news.textContent = news.getAttribute("data-template").replace("{count}", String(added));
        }
      })
      .catch(function () { /* offline for a moment: the next poll tries again */ })
      .then(function () { window.setTimeout(poll, seconds * 1000); });
  }
  window.setTimeout(poll, seconds * 1000);
}());
