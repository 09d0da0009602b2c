/* Hài Lòng counter tablet, part 5 of 5: pairing, the outbox sender, heartbeat, polling,
   the nightly reload, and start-up. */
(function () {
  "use strict";

  var T = window.HailongTablet;
  var s = T.s;
  var $ = T.$;

  function pair(event) {
    event.preventDefault();
    var code = $("pair-code").value.replace(/\D/g, "");
    $("pair-error").hidden = true;
    T.api("POST", "/kiosk/pair", { code: code }).then(function (r) {
      if (r.status !== 201) {
        T.showMessage("pair-error", r.status === 400 ? T.t("pair_invalid") : T.t("error"));
        return;
      }
      s.key = r.data.secret;
      localStorage.setItem(T.KEY, s.key);
      $("pair-code").value = "";
      startLoops();
      s.sender.nudge(true);
      T.refreshState().then(T.home);
    }, function () { T.showMessage("pair-error", T.t("offline")); });
  }

  function pairAgain() {
    s.key = null;
    s.state = null;
    localStorage.removeItem(T.KEY);
    localStorage.removeItem(T.STATE);
    T.show("pair");
  }

  T.renderPending = function () {
    T.Outbox.stats().then(function (stats) {
      $("pending").hidden = !stats.length;
      $("pending").textContent = T.t("pending", { n: stats.length });
    }).catch(function () { /* storage unavailable */ });
  };

  function heartbeat() {
    return T.Outbox.stats().then(function (stats) {
      return T.api("POST", "/kiosk/heartbeat", {
        sent_at: new Date().toISOString(), app_version: T.config.version,
        outbox_length: stats.length, oldest_unsent_at: stats.oldest, dead_letters: stats.dead
      });
    }).catch(function () { /* offline: the next beat reports */ });
  }

  function nightlyReload() {
    var idle = Date.now() - s.lastTouch >= T.config.idle * 1000;
    var due = new Date().getHours() === T.config.reload_hour && Date.now() - s.loadedAt > 3600000;
    var home = T.HOME_SCREENS.concat(["unauthorised"]).indexOf(s.screen) >= 0;
    var body = document.body;  // data-nightly: what the last check decided (support, tests)
    if (!due || !idle || s.draft || !home) {
      body.setAttribute("data-nightly", due ? "busy" : "not-due");
      return;
    }
    T.Outbox.stats().then(function (stats) {
      body.setAttribute("data-nightly", stats.length ? "unsent" : "reload");
      if (!stats.length) { window.location.reload(); }
    });
  }

  function startLoops() {
    T.stopLoops();
    s.timers.poll = setInterval(T.refreshState, T.config.poll * 1000);
    s.timers.beat = setInterval(heartbeat, T.config.heartbeat * 1000);
    heartbeat();
  }

  T.stopLoops = function () {
    clearInterval(s.timers.poll);
    clearInterval(s.timers.beat);
  };

  function wire() {
    ["pointerdown", "keydown", "input"].forEach(function (type) {
      document.addEventListener(type, T.touched, true);
    });
    $("pair-form").addEventListener("submit", pair);
    $("pair-again").addEventListener("click", pairAgain);
    document.querySelectorAll(".go-home").forEach(function (b) { b.addEventListener("click", T.home); });
    $("lang-switch").addEventListener("click", function () { T.setLang(s.lang === "vi" ? "en" : "vi"); });
    window.addEventListener("online", function () { s.sender.nudge(true); T.refreshState(); });
    T.wireRating();
    T.wireOfficers();
  }

  function boot() {
    wire();
    s.sender = new T.Outbox.Sender({
      batch: T.config.batch, interval: T.config.drain * 1000, retryBase: T.config.retry_base * 1000,
      retryMax: T.config.retry_max * 1000, changed: T.renderPending,
      send: function (body) { return s.key ? T.api("POST", "/kiosk/ratings", body) : Promise.reject(); }
    });
    T.Outbox.finishDrafts().catch(function () { /* storage unavailable */ }).then(function () {
      T.renderPending();
      if (s.key) { s.sender.drain(); }
    });
    setInterval(nightlyReload, 60000);
    if (s.key) {
      var cached = null;
      try { cached = JSON.parse(localStorage.getItem(T.STATE) || "null"); } catch (e) { cached = null; }
      if (cached) { T.applyState(cached, false); } else { T.showHome(); }
      T.refreshState();
      startLoops();
    } else {
      T.show("pair");
    }
    if ("serviceWorker" in navigator && window.isSecureContext) {
      navigator.serviceWorker.register(T.config.service_worker, { scope: T.config.scope }).catch(function () {});
    }
  }

  boot();
})();
