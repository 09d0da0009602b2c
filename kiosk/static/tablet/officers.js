/* Hài Lòng counter tablet, part 4 of 5: officers — the photo, the sign-in grid (with who is
   locked out and until when), the PIN pad for signing in and for signing out, closing time. */
(function () {
  "use strict";

  var T = window.HailongTablet;
  var s = T.s;
  var $ = T.$;

  T.loadPhoto = function () {
    var officer = s.state && s.state.officer;
    s.photoUrl = null;
    if (!officer || !officer.has_photo) { localStorage.removeItem(T.PHOTO); return; }
    var cached = null;
    try { cached = JSON.parse(localStorage.getItem(T.PHOTO) || "null"); } catch (e) { cached = null; }
    if (cached && cached.id === officer.id) { s.photoUrl = cached.url; }
    T.fetchPhoto(officer.id).then(function (url) {
      if (!url || !s.state.officer || s.state.officer.id !== officer.id) { return; }
      s.photoUrl = url;
      try { localStorage.setItem(T.PHOTO, JSON.stringify({ id: officer.id, url: url })); } catch (e) { /* full */ }
      if (s.screen === "standby") { T.fill($("officer-photo"), [T.avatar(officer, s.photoUrl, false)]); }
    });
  };

  function openSignIn() {
    $("officers-error").hidden = true;
    T.fill($("officer-grid"), []);
    T.show("officers");
    T.api("GET", "/kiosk/officers").then(function (r) {
      if (r.status === 200) { renderOfficers(r.data.officers); return; }
      if (!/^tablet_/.test(r.error.code || "")) { T.showMessage("officers-error", T.t("error")); }
    }, function () { T.showMessage("officers-error", T.t("offline")); });
  }

  function lockText(officer) {
    if (officer.locked_for_good) { return T.t("locked_for_good"); }
    return officer.locked_until ? T.t("locked_until", { time: T.localTime(officer.locked_until) }) : "";
  }

  function renderOfficers(officers) {
    $("officers-empty").hidden = officers.length > 0;
    T.fill($("officer-grid"), officers.map(function (officer) {
      var picture = T.el("span", {}, [T.avatar(officer, null, true)]);
      var words = [T.el("strong", { text: officer.full_name }), T.el("br"), officer.title];
      var locked = lockText(officer);
      if (locked) { words.push(T.el("br"), T.el("span", { "class": "lock", text: locked })); }
      var button = T.el("button", { type: "button" }, [picture, T.el("span", {}, words)]);
      if (locked) { button.classList.add("locked"); }
      button.addEventListener("click", function () { openPin("sign-in", officer); });
      if (officer.has_photo) {
        T.fetchPhoto(officer.id).then(function (url) {
          if (url) { T.fill(picture, [T.avatar(officer, url, true)]); }
        });
      }
      return T.el("li", {}, [button]);
    }));
  }

  /* The PIN pad, to sign an officer in, or to sign the signed-in officer out: a citizen at
     the tablet cannot end the officer's session. */
  function openPin(mode, officer) {
    s.pin = { mode: mode, officer: officer, digits: "" };
    $("pin-error").hidden = true;
    T.renderPin();
    T.show("pin");
  }

  T.renderPin = function () {
    var pin = s.pin;
    T.fill($("pin-officer"), [T.avatar(pin.officer, null, true), T.el("span", { text: pin.officer.full_name })]);
    $("pin-title").textContent = T.t(pin.mode === "sign-out" ? "sign_out_pin" : "enter_pin");
    $("pin-submit").textContent = T.t(pin.mode === "sign-out" ? "sign_out" : "sign_in");
    $("pin-dots").textContent = new Array(pin.digits.length + 1).join("•");
  };

  function typeDigit(digit) {
    if (s.pin.digits.length < 12) { s.pin.digits += digit; T.renderPin(); }
  }

  function refused(r) {
    var error = r.error;
    if (error.code === "officer_locked") {
      s.pin.officer.locked_until = error.locked_until;
      s.pin.officer.locked_for_good = !!error.needs_unlock;
      return error.needs_unlock ? T.t("locked_needs_leader")
        : T.t("locked", { time: T.localTime(error.locked_until) });
    }
    if (error.code === "wrong_pin") { return T.t("wrong_pin", { n: error.attempts_left }); }
    if (error.code === "pin_not_set") { return T.t("pin_not_set"); }
    return T.t("error");
  }

  function submitPin() {
    var pin = s.pin;
    if (!pin.digits || !pin.officer) { return; }
    var typed = pin.digits;
    pin.digits = "";
    T.renderPin();
    var call = pin.mode === "sign-out" ? T.api("POST", "/kiosk/sign-out", { pin: typed })
      : T.api("POST", "/kiosk/sign-in", { officer_id: pin.officer.id, pin: typed });
    call.then(function (r) {
      if (r.status === 200) { T.refreshState().then(T.home); return; }
      if (/^tablet_/.test(r.error.code || "")) { return; }
      T.showMessage("pin-error", refused(r));
    }, function () { T.showMessage("pin-error", T.t("offline")); });
  }

  function pinBack() {
    if (s.pin.mode === "sign-out") { T.home(); } else { openSignIn(); }
  }

  function askSignOut() {
    if (!s.state || !s.state.officer) { return; }
    openPin("sign-out", s.state.officer);
  }

  /* An officer is signed out at the site's closing time: the server does it on the next
     call; the page also stops taking ratings at that moment, even offline. */
  T.scheduleClosing = function () {
    clearTimeout(s.timers.closing);
    var officer = s.state && s.state.officer;
    if (!officer || !officer.ends_at) { return; }
    var wait = Date.parse(officer.ends_at) - s.clockOffset - Date.now();
    if (wait <= 0) {
      s.state.officer = null;
      s.state.visit = null;
      return;
    }
    s.timers.closing = setTimeout(function () {
      if (s.state && s.state.officer && s.state.officer.id === officer.id) { s.state.officer = null; }
      T.refreshState().then(function () {
        if (T.HOME_SCREENS.indexOf(s.screen) >= 0) { T.showHome(); }
      });
    }, Math.min(wait + 1000, 2147483647));
  };

  T.wireOfficers = function () {
    $("open-sign-in").addEventListener("click", openSignIn);
    $("pin-back").addEventListener("click", pinBack);
    $("pin-delete").addEventListener("click", function () {
      s.pin.digits = s.pin.digits.slice(0, -1);
      T.renderPin();
    });
    $("pin-submit").addEventListener("click", submitPin);
    document.querySelectorAll("[data-digit]").forEach(function (button) {
      button.addEventListener("click", function () { typeDigit(button.dataset.digit); });
    });
    $("sign-out").addEventListener("click", askSignOut);
  };
})();
