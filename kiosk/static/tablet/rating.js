/* Hài Lòng counter tablet, part 3 of 5: one citizen's rating — the tap on a face, the details
   screen (change the face, or "Quay lại" to undo the choice), Send, and the idle countdown
   that stores the level alone and resets the screen for the next citizen. */
(function () {
  "use strict";

  var T = window.HailongTablet;
  var s = T.s;
  var $ = T.$;
  var WARNED_SCREENS = ["officers", "pin"];

  function cooldownLeft() {
    var last = Number(localStorage.getItem(T.LAST_UNBOUND) || 0);
    var now = Date.now();
    if (!last || now < last) { return 0; }
    return Math.ceil((s.state.counter.cooldown_seconds * 1000 - (now - last)) / 1000);
  }

  function showCooldown(seconds) {
    T.showMessage("cooldown-note", T.t("cooldown", { seconds: seconds }));
    clearTimeout(s.timers.cooldown);
    s.timers.cooldown = setTimeout(function () { $("cooldown-note").hidden = true; },
                                   Math.min(seconds, 5) * 1000);
  }

  function needsReason(rating) {
    return rating.level <= s.draftQuestionnaire.reason_required_max_level;
  }

  function hasReason(rating) { return rating.reasons.length > 0 || !!rating.reason_text; }

  /* Write the draft's latest form to the outbox (a tap survives a dying page), or take it
     out while it lacks the reason its level needs. Writes run one after another. */
  function keepDraft() {
    var copy = JSON.parse(JSON.stringify(s.draft));
    var valid = !(needsReason(copy) && !hasReason(copy));
    s.draftWrite = s.draftWrite.then(function () {
      return valid ? T.Outbox.put(copy, false) : T.Outbox.remove(copy.id);
    }).catch(function () { /* storage unavailable: Send will say so */ });
  }

  function forgetDraft(rating, undo) {
    s.draftWrite = s.draftWrite.then(function () { return T.Outbox.remove(rating.id); })
      .catch(function () { /* nothing stored */ });
    if (undo) {
      if (undo.lastUnbound === null) { localStorage.removeItem(T.LAST_UNBOUND); } else {
        localStorage.setItem(T.LAST_UNBOUND, undo.lastUnbound);
      }
      localStorage.setItem(T.USED_VISITS, undo.usedVisits);
    }
    return s.draftWrite;
  }

  /* A tap on a face of the standby screen starts a new rating, always. */
  T.chooseLevel = function (level) {
    if (!T.canRate()) { return; }
    var visit = T.currentVisit();
    var undo = { lastUnbound: localStorage.getItem(T.LAST_UNBOUND),
                 usedVisits: localStorage.getItem(T.USED_VISITS) || "[]" };
    if (!visit) {
      var wait = cooldownLeft();
      if (wait > 0) { showCooldown(wait); return; }
      localStorage.setItem(T.LAST_UNBOUND, String(Date.now()));
    } else {
      localStorage.setItem(T.USED_VISITS, JSON.stringify(T.usedVisits().concat([visit.id]).slice(-50)));
    }
    s.draftQuestionnaire = s.state.questionnaire;
    s.draftUndo = undo;
    s.draft = {
      id: T.Outbox.newId(), questionnaire_version_id: s.draftQuestionnaire.version_id,
      officer_id: s.state.officer.id, counter_id: s.state.counter.id, visit_id: visit ? visit.id : null,
      level: level, answers: {}, reported: [], reasons: [], reason_text: null, comment: null,
      rated_at: new Date().toISOString()
    };
    T.clearDetails();
    $("cooldown-note").hidden = true;
    T.renderDetails();
    T.show("details");
    keepDraft();
  };

  /* The citizen picks another face on the details screen: the same rating, another level. */
  function changeLevel(level) {
    if (!s.draft || s.draft.level === level) { return; }
    s.draft.level = level;
    $("details-error").hidden = true;
    T.renderDetails();
    keepDraft();
  }

  /* "Quay lại": the choice is undone entirely, as if the face had never been tapped. */
  function cancelRating() {
    if (!s.draft) { T.home(); return; }
    forgetDraft(s.draft, s.draftUndo);
    T.home();
  }

  T.clearDetails = function () {
    $("reason-text").value = "";
    $("comment").value = "";
    $("details-error").hidden = true;
    $("chosen-level").textContent = "";
    ["detail-levels", "reasons", "conduct", "misconduct"].forEach(function (id) { T.fill($(id), []); });
    $("idle-countdown").hidden = true;
  };

  function toggle(text, pressed, onClick, extraClass) {
    var button = T.el("button", { type: "button", "aria-pressed": pressed ? "true" : "false",
                                  "class": extraClass || "" }, [text]);
    button.addEventListener("click", onClick);
    return button;
  }

  function listToggle(list, code) {
    var at = list.indexOf(code);
    if (at < 0) { list.push(code); } else { list.splice(at, 1); }
    T.renderDetails();
    keepDraft();
  }

  function answer(code, value) {
    if (s.draft.answers[code] === value) { delete s.draft.answers[code]; } else { s.draft.answers[code] = value; }
    T.renderDetails();
    keepDraft();
  }

  /* Fill one block of the details screen; a questionnaire without such items hides it. */
  function fillBlock(id, nodes) {
    T.fill($(id), nodes);
    $(id).closest(".block").hidden = !nodes.length;
  }

  T.renderDetails = function () {
    var q = s.draftQuestionnaire;
    var draft = s.draft;
    var group = function (names) { return q.items.filter(function (i) { return names.indexOf(i.group) >= 0; }); };
    var level = q.items.filter(function (i) { return i.group === "overall" && i.level === draft.level; })[0];
    $("chosen-level").textContent = level ? T.label(level) : String(draft.level);
    T.fill($("detail-levels"), T.levelItems(q).map(function (item) {
      return T.levelButton(q, item, changeLevel, item.level === draft.level);
    }));
    var reason = needsReason(draft);
    $("reasons-block").hidden = !reason;
    $("details-help").textContent = T.t(reason ? "details_help_reason" : "details_help");
    T.fill($("reasons"), group(["reason"]).map(function (item) {
      return toggle(T.label(item), draft.reasons.indexOf(item.code) >= 0,
                    function () { listToggle(draft.reasons, item.code); });
    }));
    fillBlock("conduct", group(["4xin", "4luon"]).map(function (item) {
      var value = draft.answers[item.code];
      return T.el("div", { "class": "conduct-row" }, [
        T.el("span", { text: T.label(item) }),
        T.el("span", { "class": "answers", role: "group", "aria-label": T.label(item) }, [
          toggle(T.t("yes"), value === true, function () { answer(item.code, true); }, "answer-yes"),
          toggle(T.t("no"), value === false, function () { answer(item.code, false); }, "answer-no")
        ])
      ]);
    }));
    fillBlock("misconduct", group(["5khong"]).map(function (item) {
      return toggle(T.label(item), draft.reported.indexOf(item.code) >= 0,
                    function () { listToggle(draft.reported, item.code); });
    }));
  };

  function captureText() {
    var reason = $("reason-text").value.trim();
    var comment = $("comment").value.trim();
    s.draft.reason_text = needsReason(s.draft) && reason ? reason : null;
    s.draft.comment = comment || null;
  }

  function send() {
    captureText();
    if (needsReason(s.draft) && !hasReason(s.draft)) {
      T.showMessage("details-error", T.t("reason_required"));
      return;
    }
    save(s.draft, true);
  }

  /* Store the rating in the outbox as ready to send; only then thank the citizen. */
  function save(rating, thank) {
    s.draft = null;
    var stored = s.draftWrite.then(function () { return T.Outbox.put(rating, true); });
    s.draftWrite = stored.catch(function () {});
    return stored.then(function () {
      T.renderPending();
      s.sender.nudge(false);
      if (thank) {
        T.show("thanks");
        s.timers.thanks = setTimeout(function () { if (s.screen === "thanks") { T.home(); } },
                                     T.config.thanks * 1000);
      } else {
        T.home();
      }
    }, function () {
      s.draft = rating;
      T.showMessage("details-error", T.t("error"));
    });
  }

  /* What the idle countdown keeps: the level alone, with the reason a dissatisfied level
     needs when one was given; the other answers may be the next citizen's taps. */
  function levelAlone() {
    captureText();
    var draft = s.draft;
    var reason = needsReason(draft);
    var kept = JSON.parse(JSON.stringify(draft));
    kept.answers = {};
    kept.reported = [];
    kept.comment = null;
    if (!reason) { kept.reasons = []; kept.reason_text = null; }
    return reason && !hasReason(kept) ? null : kept;
  }

  /* The details screen idled to its end (or the citizen chose to finish now). */
  function finishIdle() {
    $("idle-countdown").hidden = true;
    clearInterval(s.timers.countdown);
    if (s.screen !== "details" || !s.draft) { T.home(); return; }
    var kept = levelAlone();
    if (kept) { save(kept, false); return; }
    forgetDraft(s.draft, s.draftUndo);  // not a valid ballot without its reason
    T.home();
  }

  function countdownText(left) {
    var kept = levelAlone();
    var level = s.draftQuestionnaire.items.filter(function (i) {
      return i.group === "overall" && i.level === s.draft.level;
    })[0];
    if (!kept) { return T.t("idle_countdown_drop", { n: left }); }
    return T.t("idle_countdown", { level: level ? T.label(level) : s.draft.level, n: left });
  }

  function startCountdown(ends) {
    function tick() {
      var left = Math.max(0, Math.ceil((ends - Date.now()) / 1000));
      $("countdown-text").textContent = countdownText(left);
      $("countdown-seconds").textContent = String(left);
    }
    tick();
    $("idle-countdown").hidden = false;
    clearInterval(s.timers.countdown);
    s.timers.countdown = setInterval(tick, 250);
  }

  T.touched = function (event) {
    if (event && event.target && event.target.closest && event.target.closest("#idle-countdown")) {
      return;  // only the countdown's own buttons act on it
    }
    s.lastTouch = Date.now();
    T.armIdle();
  };

  T.armIdle = function () {
    clearTimeout(s.timers.idle);
    clearTimeout(s.timers.warn);
    clearInterval(s.timers.countdown);
    $("idle-warning").hidden = true;
    $("idle-countdown").hidden = true;
    var watched = s.screen === "details" || WARNED_SCREENS.indexOf(s.screen) >= 0;
    if (!watched && !(s.lang !== "vi" && T.HOME_SCREENS.indexOf(s.screen) >= 0)) { return; }
    var idle = T.config.idle * 1000;
    var warnAt = Math.max(0, idle - T.config.warning * 1000);
    if (s.screen === "details") {
      var ends = Date.now() + idle;
      s.timers.warn = setTimeout(function () { startCountdown(ends); }, warnAt);
      s.timers.idle = setTimeout(finishIdle, idle);
      return;
    }
    if (WARNED_SCREENS.indexOf(s.screen) >= 0) {
      s.timers.warn = setTimeout(function () { $("idle-warning").hidden = false; }, warnAt);
    }
    s.timers.idle = setTimeout(function () { $("idle-warning").hidden = true; T.home(); }, idle);
  };

  T.wireRating = function () {
    $("send").addEventListener("click", send);
    $("details-back").addEventListener("click", cancelRating);
    $("countdown-continue").addEventListener("click", function () {
      s.lastTouch = Date.now();
      T.armIdle();
    });
    $("countdown-finish").addEventListener("click", finishIdle);
  };
})();
