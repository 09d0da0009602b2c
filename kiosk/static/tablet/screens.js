/* Hài Lòng counter tablet, part 2 of 5: screens, the server's state, the standby screen with
   its faces, and the language switch. */
(function () {
  "use strict";

  var T = window.HailongTablet;
  var s = T.s;
  var $ = T.$;

  T.show = function (name) {
    s.screen = name;
    document.querySelectorAll(".screen").forEach(function (node) {
      node.hidden = node.id !== "screen-" + name;
    });
    window.scrollTo(0, 0);
    T.armIdle();
  };

  T.canRate = function () { return !!(s.state && s.state.officer && s.state.questionnaire); };

  T.showHome = function () {
    if (!s.key) { T.show("pair"); return; }
    if (!s.state) { T.show("loading"); return; }
    if (T.canRate()) { T.renderStandby(); T.show("standby"); } else { T.renderClosed(); T.show("closed"); }
  };

  /* Back to the start, in Vietnamese: after a rating, on idle, or when an officer is done.
     Nothing of the rating before is left on any screen. */
  T.home = function () {
    s.draft = null;
    s.draftUndo = null;
    T.clearDetails();
    T.setLang("vi");
    T.showHome();
  };

  T.unauthorised = function () {
    T.stopLoops();
    T.show("unauthorised");
  };

  T.refreshState = function () {
    if (!s.key) { return Promise.resolve(); }
    return T.api("GET", "/kiosk/state").then(function (r) {
      if (r.status === 200) { T.applyState(r.data, true); }
    }, function () { /* offline: keep showing what we know */ });
  };

  T.applyState = function (next, fresh) {
    if (fresh) {
      s.clockOffset = Date.parse(next.server_time) - Date.now();
      localStorage.setItem(T.STATE, JSON.stringify(next));
    }
    var before = s.state && s.state.officer ? s.state.officer.id : null;
    s.state = next;
    if ((next.officer ? next.officer.id : null) !== before) { T.loadPhoto(); }
    T.scheduleClosing();
    T.renderTop();
    if (T.HOME_SCREENS.indexOf(s.screen) >= 0) { T.showHome(); }
  };

  T.renderTop = function () {
    if (!s.state) { return; }
    $("counter-label").textContent = T.t("counter_number", { number: s.state.counter.number });
    $("site-label").textContent = s.state.counter.site_name;
  };

  T.renderClosed = function () {
    $("closed-counter").textContent = T.t("counter_number", { number: s.state.counter.number });
    $("closed-note").hidden = !!s.state.questionnaire;
  };

  T.avatar = function (officer, url, small) {
    var box = T.el("span", { "class": "avatar avatar" + (officer.id % 6) + (small ? " small" : ""),
                             role: "img", "aria-label": T.t("photo_of", { name: officer.full_name }) });
    if (url) { box.appendChild(T.el("img", { src: url, alt: "" })); } else { box.textContent = officer.initials; }
    return box;
  };

  T.usedVisits = function () {
    try { return JSON.parse(localStorage.getItem(T.USED_VISITS) || "[]"); } catch (e) { return []; }
  };

  T.currentVisit = function () {
    var visit = s.state && s.state.visit;
    return visit && T.usedVisits().indexOf(visit.id) < 0 ? visit : null;
  };

  T.renderStandby = function () {
    var officer = s.state.officer;
    $("officer-name").textContent = officer.full_name;
    $("officer-title").textContent = officer.title;
    $("officer-department").textContent = officer.department_name;
    $("officer-counter").textContent = T.t("counter_number", { number: s.state.counter.number });
    T.fill($("officer-photo"), [T.avatar(officer, s.photoUrl, false)]);
    var visit = T.currentVisit();
    $("visit-label").hidden = !visit;
    if (visit) {
      $("visit-label").textContent = visit.ticket_number ? T.t("ticket", { number: visit.ticket_number })
        : T.t("dossier", { code: visit.dossier_code });
    }
    T.renderLevels();
  };

  T.levelItems = function (questionnaire) {
    return questionnaire.items.filter(function (i) { return i.group === "overall"; })
      .sort(function (a, b) { return b.level - a.level; });
  };

  /* How much a level's face smiles (+18) or frowns (-18): satisfied levels smile, the rest
     frown, more so towards the ends of the scale. Which levels are satisfied is the
     server's answer (each level item's "satisfied"), never worked out here. */
  function lowestSatisfied(q) {
    var levels = T.levelItems(q).filter(function (i) { return i.satisfied; })
      .map(function (i) { return i.level; });
    return levels.length ? Math.min.apply(null, levels) : q.scale_max + 1;
  }

  function mouthCurve(level, q) {
    var low = lowestSatisfied(q);
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

  /* One face button of a questionnaire's level; onChoose(level) runs on a tap. */
  T.levelButton = function (q, item, onChoose, pressed) {
    var fraction = (item.level - 1) / Math.max(1, q.scale_max - 1);
    var attrs = { type: "button", "class": "level tone" + Math.round(fraction * 4), "data-level": item.level };
    if (pressed !== undefined) { attrs["aria-pressed"] = pressed ? "true" : "false"; }
    var button = T.el("button", attrs, [face(mouthCurve(item.level, q)), T.el("span", { text: T.label(item) })]);
    button.addEventListener("click", function () { onChoose(item.level); });
    return button;
  };

  T.renderLevels = function () {
    var q = s.state.questionnaire;
    var shown = q.version_id + ":" + s.lang;
    if (shown === s.shownLevels) { return; }
    s.shownLevels = shown;
    T.fill($("levels"), T.levelItems(q).map(function (item) {
      return T.levelButton(q, item, T.chooseLevel);
    }));
  };

  T.setLang = function (next) {
    if (next === s.lang) { return; }
    s.lang = next;
    document.documentElement.lang = s.lang;
    document.querySelectorAll("[data-t]").forEach(function (node) { node.textContent = T.t(node.dataset.t); });
    var other = s.lang === "vi" ? "en" : "vi";
    var switcher = $("lang-switch");
    switcher.textContent = other === "en" ? "English" : "Tiếng Việt";
    switcher.lang = other;
    switcher.setAttribute("aria-label", T.t("language") + ": " + switcher.textContent);
    T.renderTop();
    if (s.screen === "standby" && T.canRate()) { T.renderStandby(); }
    if (s.screen === "closed" && s.state) { T.renderClosed(); }
    if (s.screen === "details" && s.draft) { T.renderDetails(); }
    if (s.screen === "pin" && s.pin.officer) { T.renderPin(); }
    T.renderPending();
    T.armIdle();
  };
})();
