/* Hài Lòng counter tablet: pairing, officer sign-in, the ten-second rating and the idle reset.
   The questionnaire comes from the server (GET /api/v1/kiosk/state); ratings go through the
   outbox (outbox.js). The device secret travels in the X-Tablet-Key header, never a cookie. */
(function () {
  "use strict";

  var KEY = "hailong.tablet.key";
  var STATE = "hailong.tablet.state";
  var PHOTO = "hailong.tablet.photo";
  var LAST_UNBOUND = "hailong.tablet.last_unbound";
  var USED_VISITS = "hailong.tablet.used_visits";
  var CITIZEN_SCREENS = ["details", "thanks"];
  var OFFICER_SCREENS = ["officers", "pin", "sign-out"];
  var HOME_SCREENS = ["loading", "standby", "closed"];
  var WARNED_SCREENS = ["details", "officers", "pin"];

  var root = document.getElementById("tablet");
  var config = JSON.parse(root.dataset.config);
  var strings = JSON.parse(root.dataset.strings);
  var Outbox = window.HailongOutbox;
  var key = localStorage.getItem(KEY);
  var lang = "vi";
  var state = null;          // the server's last answer, cached for reloads during an outage
  var clockOffset = 0;       // server clock minus tablet clock, in ms
  var screen = "loading";
  var draft = null;          // the rating being given
  var draftQuestionnaire = null;
  var picked = null;         // the officer signing in
  var pin = "";
  var photoUrl = null;       // data: URL of the signed-in officer's photo
  var shownLevels = "";
  var loadedAt = Date.now();
  var lastTouch = Date.now();
  var timers = {};
  var sender = null;

  function $(id) { return document.getElementById(id); }

  function t(name, params) {
    var text = strings[lang][name] || strings.vi[name] || name;
    Object.keys(params || {}).forEach(function (p) { text = text.split("{" + p + "}").join(params[p]); });
    return text;
  }

  function label(item) { return lang === "en" ? item.label_en : item.label_vi; }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") { node.textContent = attrs[name]; } else { node.setAttribute(name, attrs[name]); }
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function fill(node, children) {
    node.textContent = "";
    children.forEach(function (child) { node.appendChild(child); });
  }

  function showMessage(id, text) { $(id).textContent = text; $(id).hidden = !text; }

  /* ---- talking to the server ---- */

  function api(method, path, body) {
    var init = { method: method, headers: { Accept: "application/json" }, cache: "no-store",
                 credentials: "omit" };
    if (key) { init.headers["X-Tablet-Key"] = key; }
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(config.api + path, init).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        var error = (data && data.error) || {};
        if ((response.status === 401 || response.status === 403) && /^tablet_/.test(error.code || "")) {
          unauthorised();
        }
        return { status: response.status, data: data, error: error };
      });
    });
  }

  function fetchPhoto(officerId) {
    return fetch(config.api + "/kiosk/officers/" + officerId + "/photo",
                 { headers: { "X-Tablet-Key": key }, cache: "no-store", credentials: "omit" })
      .then(function (response) { return response.ok ? response.blob() : null; })
      .then(function (blob) {
        if (!blob) { return null; }
        return new Promise(function (resolve) {
          var reader = new FileReader();
          reader.onload = function () { resolve(reader.result); };
          reader.onerror = function () { resolve(null); };
          reader.readAsDataURL(blob);  // CSP allows data: images, not blob: ones
        });
      })
      .catch(function () { return null; });
  }

  function refreshState() {
    if (!key) { return Promise.resolve(); }
    return api("GET", "/kiosk/state").then(function (r) {
      if (r.status === 200) { applyState(r.data, true); }
    }, function () { /* offline: keep showing what we know */ });
  }

  function applyState(next, fresh) {
    if (fresh) {
      clockOffset = Date.parse(next.server_time) - Date.now();
      localStorage.setItem(STATE, JSON.stringify(next));
    }
    var before = state && state.officer ? state.officer.id : null;
    state = next;
    if ((next.officer ? next.officer.id : null) !== before) { loadPhoto(); }
    scheduleClosing();
    renderTop();
    if (HOME_SCREENS.indexOf(screen) >= 0) { showHome(); }
  }

  function unauthorised() {
    stopLoops();
    show("unauthorised");
  }

  /* ---- screens ---- */

  function show(name) {
    screen = name;
    document.querySelectorAll(".screen").forEach(function (s) { s.hidden = s.id !== "screen-" + name; });
    window.scrollTo(0, 0);
    armIdle();
  }

  function canRate() { return !!(state && state.officer && state.questionnaire); }

  function showHome() {
    if (!key) { show("pair"); return; }
    if (!state) { show("loading"); return; }
    if (canRate()) { renderStandby(); show("standby"); } else { renderClosed(); show("closed"); }
  }

  /* Back to the start, in Vietnamese: after a rating, on idle, or when an officer is done. */
  function home() {
    draft = null;
    setLang("vi");
    showHome();
  }

  function renderTop() {
    if (!state) { return; }
    $("counter-label").textContent = t("counter_number", { number: state.counter.number });
    $("site-label").textContent = state.counter.site_name;
  }

  function renderClosed() {
    $("closed-counter").textContent = t("counter_number", { number: state.counter.number });
    $("closed-note").hidden = !!state.questionnaire;
  }

  function avatar(officer, url, small) {
    var box = el("span", { "class": "avatar avatar" + (officer.id % 6) + (small ? " small" : ""),
                           role: "img", "aria-label": t("photo_of", { name: officer.full_name }) });
    if (url) { box.appendChild(el("img", { src: url, alt: "" })); } else { box.textContent = officer.initials; }
    return box;
  }

  function currentVisit() {
    var visit = state && state.visit;
    return visit && usedVisits().indexOf(visit.id) < 0 ? visit : null;
  }

  function usedVisits() {
    try { return JSON.parse(localStorage.getItem(USED_VISITS) || "[]"); } catch (e) { return []; }
  }

  function renderStandby() {
    var officer = state.officer;
    $("officer-name").textContent = officer.full_name;
    $("officer-title").textContent = officer.title;
    $("officer-department").textContent = officer.department_name;
    $("officer-counter").textContent = t("counter_number", { number: state.counter.number });
    fill($("officer-photo"), [avatar(officer, photoUrl, false)]);
    var visit = currentVisit();
    $("visit-label").hidden = !visit;
    if (visit) {
      $("visit-label").textContent = visit.ticket_number ? t("ticket", { number: visit.ticket_number })
        : t("dossier", { code: visit.dossier_code });
    }
    renderLevels();
  }

  function levelItems(questionnaire) {
    return questionnaire.items.filter(function (i) { return i.group === "overall"; })
      .sort(function (a, b) { return b.level - a.level; });
  }

  /* How much a level's face smiles (+18) or frowns (-18): satisfied levels smile, the rest
     frown, more so towards the ends of the scale. */
  function mouthCurve(level, q) {
    var low = q.satisfied_min_level;
    if (level >= low) { return 6 + 12 * (level - low) / Math.max(1, q.scale_max - low); }
    return -18 + 12 * (level - 1) / Math.max(1, low - 2);
  }

  function face(curve) {
    var ns = "http://www.w3.org/2000/svg";
    function shape(tag, attrs) {
      var node = document.createElementNS(ns, tag);
      Object.keys(attrs).forEach(function (name) { node.setAttribute(name, attrs[name]); });
      return node;
    }
    var svg = shape("svg", { viewBox: "0 0 100 100", "aria-hidden": "true", focusable: "false" });
    svg.appendChild(shape("circle", { cx: 50, cy: 50, r: 44, "class": "face-line" }));
    svg.appendChild(shape("circle", { cx: 35, cy: 40, r: 6, "class": "face-eye" }));
    svg.appendChild(shape("circle", { cx: 65, cy: 40, r: 6, "class": "face-eye" }));
    var y = 68 - curve / 2;
    svg.appendChild(shape("path", { d: "M30 " + y + " Q50 " + (y + curve * 2) + " 70 " + y, "class": "face-line" }));
    return svg;
  }

  function renderLevels() {
    var q = state.questionnaire;
    var shown = q.version_id + ":" + lang;
    if (shown === shownLevels) { return; }
    shownLevels = shown;
    fill($("levels"), levelItems(q).map(function (item) {
      var fraction = (item.level - 1) / Math.max(1, q.scale_max - 1);
      var button = el("button", { type: "button", "class": "level tone" + Math.round(fraction * 4),
                                  "data-level": item.level },
                       [face(mouthCurve(item.level, q)), el("span", { text: label(item) })]);
      button.addEventListener("click", function () { chooseLevel(item.level); });
      return button;
    }));
  }

  /* ---- the rating ---- */

  function cooldownLeft() {
    var last = Number(localStorage.getItem(LAST_UNBOUND) || 0);
    var now = Date.now();
    if (!last || now < last) { return 0; }
    return Math.ceil((state.counter.cooldown_seconds * 1000 - (now - last)) / 1000);
  }

  function showCooldown(seconds) {
    showMessage("cooldown-note", t("cooldown", { seconds: seconds }));
    clearTimeout(timers.cooldown);
    timers.cooldown = setTimeout(function () { $("cooldown-note").hidden = true; }, Math.min(seconds, 5) * 1000);
  }

  function needsReason(rating) {
    return rating.level <= draftQuestionnaire.reason_required_max_level;
  }

  function hasReason(rating) { return rating.reasons.length > 0 || !!rating.reason_text; }

  function chooseLevel(level) {
    if (!canRate()) { return; }
    var visit = currentVisit();
    if (!visit) {
      var wait = cooldownLeft();
      if (wait > 0) { showCooldown(wait); return; }
      localStorage.setItem(LAST_UNBOUND, String(Date.now()));
    } else {
      localStorage.setItem(USED_VISITS, JSON.stringify(usedVisits().concat([visit.id]).slice(-50)));
    }
    draftQuestionnaire = state.questionnaire;
    draft = {
      id: Outbox.newId(), questionnaire_version_id: draftQuestionnaire.version_id,
      officer_id: state.officer.id, counter_id: state.counter.id, visit_id: visit ? visit.id : null,
      level: level, answers: {}, reported: [], reasons: [], reason_text: null, comment: null,
      rated_at: new Date().toISOString()
    };
    $("reason-text").value = "";
    $("comment").value = "";
    $("details-error").hidden = true;
    $("cooldown-note").hidden = true;
    renderDetails();
    show("details");
    // Keep the tap even if the page dies mid-way; a dissatisfied rating needs its reason first.
    if (!needsReason(draft)) { Outbox.put(draft, false).then(renderPending); }
  }

  function toggle(text, pressed, onClick, extraClass) {
    var button = el("button", { type: "button", "aria-pressed": pressed ? "true" : "false",
                                "class": extraClass || "" }, [text]);
    button.addEventListener("click", onClick);
    return button;
  }

  function listToggle(list, code) {
    var at = list.indexOf(code);
    if (at < 0) { list.push(code); } else { list.splice(at, 1); }
    renderDetails();
  }

  function answer(code, value) {
    if (draft.answers[code] === value) { delete draft.answers[code]; } else { draft.answers[code] = value; }
    renderDetails();
  }

  /* Fill one block of the details screen; a questionnaire without such items hides it. */
  function fillBlock(id, nodes) {
    fill($(id), nodes);
    $(id).closest(".block").hidden = !nodes.length;
  }

  function renderDetails() {
    var q = draftQuestionnaire;
    var group = function (names) { return q.items.filter(function (i) { return names.indexOf(i.group) >= 0; }); };
    var level = q.items.filter(function (i) { return i.group === "overall" && i.level === draft.level; })[0];
    $("chosen-level").textContent = level ? label(level) : String(draft.level);
    $("reasons-block").hidden = !needsReason(draft);
    fill($("reasons"), group(["reason"]).map(function (item) {
      return toggle(label(item), draft.reasons.indexOf(item.code) >= 0,
                    function () { listToggle(draft.reasons, item.code); });
    }));
    fillBlock("conduct", group(["4xin", "4luon"]).map(function (item) {
      var value = draft.answers[item.code];
      return el("div", { "class": "conduct-row" }, [
        el("span", { text: label(item) }),
        el("span", { "class": "answers", role: "group", "aria-label": label(item) }, [
          toggle(t("yes"), value === true, function () { answer(item.code, true); }, "answer-yes"),
          toggle(t("no"), value === false, function () { answer(item.code, false); }, "answer-no")
        ])
      ]);
    }));
    fillBlock("misconduct", group(["5khong"]).map(function (item) {
      return toggle(label(item), draft.reported.indexOf(item.code) >= 0,
                    function () { listToggle(draft.reported, item.code); });
    }));
  }

  function captureText() {
    var reason = $("reason-text").value.trim();
    var comment = $("comment").value.trim();
    draft.reason_text = needsReason(draft) && reason ? reason : null;
    draft.comment = comment || null;
  }

  function send() {
    captureText();
    if (needsReason(draft) && !hasReason(draft)) {
      showMessage("details-error", t("reason_required"));
      return;
    }
    save(true);
  }

  /* Store the rating in the outbox; only then thank the citizen. */
  function save(thank) {
    var rating = draft;
    Outbox.put(rating, true).then(function () {
      draft = null;
      renderPending();
      sender.nudge(false);
      if (thank) {
        show("thanks");
        timers.thanks = setTimeout(function () { if (screen === "thanks") { home(); } }, config.thanks * 1000);
      } else {
        home();
      }
    }, function () { showMessage("details-error", t("error")); });
  }

  /* ---- idle: a citizen who walks away, an officer who forgets ---- */

  function touched() {
    lastTouch = Date.now();
    armIdle();
  }

  function armIdle() {
    clearTimeout(timers.idle);
    clearTimeout(timers.warn);
    $("idle-warning").hidden = true;
    var watched = CITIZEN_SCREENS.concat(OFFICER_SCREENS).indexOf(screen) >= 0 && screen !== "thanks";
    if (!watched && !(lang !== "vi" && HOME_SCREENS.indexOf(screen) >= 0)) { return; }
    var idle = config.idle * 1000;
    if (WARNED_SCREENS.indexOf(screen) >= 0) {
      timers.warn = setTimeout(function () { $("idle-warning").hidden = false; },
                               Math.max(0, idle - config.warning * 1000));
    }
    timers.idle = setTimeout(idleReached, idle);
  }

  function idleReached() {
    $("idle-warning").hidden = true;
    if (screen === "details" && draft) {
      captureText();
      // What was given is kept; a dissatisfied rating without its required reason is not a
      // valid ballot, so it is dropped rather than sent to be refused.
      if (!(needsReason(draft) && !hasReason(draft))) { save(false); return; }
    }
    home();
  }

  /* ---- language ---- */

  function setLang(next) {
    if (next === lang) { return; }
    lang = next;
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-t]").forEach(function (node) { node.textContent = t(node.dataset.t); });
    var other = lang === "vi" ? "en" : "vi";
    var switcher = $("lang-switch");
    switcher.textContent = other === "en" ? "English" : "Tiếng Việt";
    switcher.lang = other;
    switcher.setAttribute("aria-label", t("language") + ": " + switcher.textContent);
    renderTop();
    if (screen === "standby" && canRate()) { renderStandby(); }
    if (screen === "closed" && state) { renderClosed(); }
    if (screen === "details" && draft) { renderDetails(); }
    if (screen === "pin" && picked) { renderPin(); }
    if (screen === "sign-out" && state && state.officer) { renderSignOut(); }
    renderPending();
    armIdle();
  }

  /* ---- officers ---- */

  function loadPhoto() {
    var officer = state && state.officer;
    photoUrl = null;
    if (!officer || !officer.has_photo) { localStorage.removeItem(PHOTO); return; }
    var cached = null;
    try { cached = JSON.parse(localStorage.getItem(PHOTO) || "null"); } catch (e) { cached = null; }
    if (cached && cached.id === officer.id) { photoUrl = cached.url; }
    fetchPhoto(officer.id).then(function (url) {
      if (!url || !state.officer || state.officer.id !== officer.id) { return; }
      photoUrl = url;
      try { localStorage.setItem(PHOTO, JSON.stringify({ id: officer.id, url: url })); } catch (e) { /* full */ }
      if (screen === "standby") { fill($("officer-photo"), [avatar(officer, photoUrl, false)]); }
    });
  }

  function openSignIn() {
    $("officers-error").hidden = true;
    fill($("officer-grid"), []);
    show("officers");
    api("GET", "/kiosk/officers").then(function (r) {
      if (r.status === 200) { renderOfficers(r.data.officers); return; }
      if (!/^tablet_/.test(r.error.code || "")) { showMessage("officers-error", t("error")); }
    }, function () { showMessage("officers-error", t("offline")); });
  }

  function renderOfficers(officers) {
    $("officers-empty").hidden = officers.length > 0;
    fill($("officer-grid"), officers.map(function (officer) {
      var picture = el("span", {}, [avatar(officer, null, true)]);
      var button = el("button", { type: "button" }, [
        picture, el("span", {}, [el("strong", { text: officer.full_name }), el("br"), officer.title])
      ]);
      if (officer.locked_until) { button.classList.add("locked"); }
      button.addEventListener("click", function () { pickOfficer(officer); });
      if (officer.has_photo) {
        fetchPhoto(officer.id).then(function (url) { if (url) { fill(picture, [avatar(officer, url, true)]); } });
      }
      return el("li", {}, [button]);
    }));
  }

  function pickOfficer(officer) {
    picked = officer;
    pin = "";
    $("pin-error").hidden = true;
    renderPin();
    show("pin");
  }

  function renderPin() {
    fill($("pin-officer"), [avatar(picked, null, true), el("span", { text: picked.full_name })]);
    $("pin-dots").textContent = new Array(pin.length + 1).join("•");
  }

  function typeDigit(digit) {
    if (pin.length < 12) { pin += digit; renderPin(); }
  }

  function localTime(iso) {
    return new Date(Date.parse(iso) - clockOffset).toLocaleTimeString(lang === "vi" ? "vi-VN" : "en-GB",
                                                                       { hour: "2-digit", minute: "2-digit" });
  }

  function submitPin() {
    if (!pin || !picked) { return; }
    var typed = pin;
    pin = "";
    renderPin();
    api("POST", "/kiosk/sign-in", { officer_id: picked.id, pin: typed }).then(function (r) {
      if (r.status === 200) { refreshState().then(home); return; }
      var messages = {
        wrong_pin: function () { return t("wrong_pin", { n: r.error.attempts_left }); },
        officer_locked: function () { return t("locked", { time: localTime(r.error.locked_until) }); },
        pin_not_set: function () { return t("pin_not_set"); }
      };
      if (/^tablet_/.test(r.error.code || "")) { return; }
      showMessage("pin-error", (messages[r.error.code] || function () { return t("error"); })());
    }, function () { showMessage("pin-error", t("offline")); });
  }

  function renderSignOut() {
    $("sign-out-question").textContent = t("sign_out_confirm", { name: state.officer.full_name });
  }

  function askSignOut() {
    if (!state || !state.officer) { return; }
    renderSignOut();
    $("sign-out-error").hidden = true;
    show("sign-out");
  }

  function signOut() {
    api("POST", "/kiosk/sign-out").then(function (r) {
      if (r.status === 200) { refreshState().then(home); } else if (!/^tablet_/.test(r.error.code || "")) {
        showMessage("sign-out-error", t("error"));
      }
    }, function () { showMessage("sign-out-error", t("offline")); });
  }

  /* An officer is signed out at the site's closing time: the server does it on the next
     call; the page also stops taking ratings at that moment, even offline. */
  function scheduleClosing() {
    clearTimeout(timers.closing);
    var officer = state && state.officer;
    if (!officer || !officer.ends_at) { return; }
    var wait = Date.parse(officer.ends_at) - clockOffset - Date.now();
    if (wait <= 0) {
      state.officer = null;
      state.visit = null;
      return;
    }
    timers.closing = setTimeout(function () {
      if (state && state.officer && state.officer.id === officer.id) { state.officer = null; }
      refreshState().then(function () { if (HOME_SCREENS.indexOf(screen) >= 0) { showHome(); } });
    }, Math.min(wait + 1000, 2147483647));
  }

  /* ---- pairing ---- */

  function pair(event) {
    event.preventDefault();
    var code = $("pair-code").value.replace(/\D/g, "");
    $("pair-error").hidden = true;
    api("POST", "/kiosk/pair", { code: code }).then(function (r) {
      if (r.status !== 201) {
        showMessage("pair-error", r.status === 400 ? t("pair_invalid") : t("error"));
        return;
      }
      key = r.data.secret;
      localStorage.setItem(KEY, key);
      $("pair-code").value = "";
      startLoops();
      sender.nudge(true);
      refreshState().then(home);
    }, function () { showMessage("pair-error", t("offline")); });
  }

  function pairAgain() {
    key = null;
    state = null;
    localStorage.removeItem(KEY);
    localStorage.removeItem(STATE);
    show("pair");
  }

  /* ---- background work: outbox, heartbeat, polling, nightly reload ---- */

  function renderPending() {
    Outbox.stats().then(function (s) {
      $("pending").hidden = !s.length;
      $("pending").textContent = t("pending", { n: s.length });
    }).catch(function () { /* storage unavailable */ });
  }

  function heartbeat() {
    return Outbox.stats().then(function (s) {
      return api("POST", "/kiosk/heartbeat", {
        sent_at: new Date().toISOString(), app_version: config.version, outbox_length: s.length,
        oldest_unsent_at: s.oldest, dead_letters: s.dead
      });
    }).catch(function () { /* offline: the next beat reports */ });
  }

  function nightlyReload() {
    var idle = Date.now() - lastTouch >= config.idle * 1000;
    var due = new Date().getHours() === config.reload_hour && Date.now() - loadedAt > 3600000;
    if (!due || !idle || draft || HOME_SCREENS.concat(["unauthorised"]).indexOf(screen) < 0) { return; }
    Outbox.stats().then(function (s) { if (!s.length) { window.location.reload(); } });
  }

  function startLoops() {
    stopLoops();
    timers.poll = setInterval(refreshState, config.poll * 1000);
    timers.beat = setInterval(heartbeat, config.heartbeat * 1000);
    heartbeat();
  }

  function stopLoops() {
    clearInterval(timers.poll);
    clearInterval(timers.beat);
  }

  function wire() {
    ["pointerdown", "keydown", "input"].forEach(function (type) {
      document.addEventListener(type, touched, true);
    });
    $("pair-form").addEventListener("submit", pair);
    $("pair-again").addEventListener("click", pairAgain);
    $("open-sign-in").addEventListener("click", openSignIn);
    $("pin-back").addEventListener("click", function () { show("officers"); });
    $("pin-delete").addEventListener("click", function () { pin = pin.slice(0, -1); renderPin(); });
    $("pin-submit").addEventListener("click", submitPin);
    document.querySelectorAll("[data-digit]").forEach(function (button) {
      button.addEventListener("click", function () { typeDigit(button.dataset.digit); });
    });
    document.querySelectorAll(".go-home").forEach(function (b) { b.addEventListener("click", home); });
    $("send").addEventListener("click", send);
    $("sign-out").addEventListener("click", askSignOut);
    $("sign-out-confirm").addEventListener("click", signOut);
    $("lang-switch").addEventListener("click", function () { setLang(lang === "vi" ? "en" : "vi"); });
    window.addEventListener("online", function () { sender.nudge(true); refreshState(); });
  }

  function boot() {
    wire();
    sender = new Outbox.Sender({
      batch: config.batch, interval: config.drain * 1000, retryBase: config.retry_base * 1000,
      retryMax: config.retry_max * 1000, changed: renderPending,
      send: function (body) { return key ? api("POST", "/kiosk/ratings", body) : Promise.reject(); }
    });
    Outbox.finishDrafts().catch(function () { /* storage unavailable */ }).then(function () {
      renderPending();
      if (key) { sender.drain(); }
    });
    setInterval(nightlyReload, 60000);
    if (key) {
      var cached = null;
      try { cached = JSON.parse(localStorage.getItem(STATE) || "null"); } catch (e) { cached = null; }
      if (cached) { applyState(cached, false); } else { showHome(); }
      refreshState();
      startLoops();
    } else {
      show("pair");
    }
    if ("serviceWorker" in navigator && window.isSecureContext) {
      navigator.serviceWorker.register(config.service_worker, { scope: config.scope }).catch(function () {});
    }
  }

  boot();
})();
