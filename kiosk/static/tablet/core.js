/* Hài Lòng counter tablet, part 1 of 5: the shared state, words and the server.
   The page loads core, screens, rating, officers and boot in that order (no build step);
   each adds its functions to window.HailongTablet. The device secret travels in the
   X-Tablet-Key header, never a cookie. */
(function () {
  "use strict";

  var root = document.getElementById("tablet");
  var T = window.HailongTablet = {
    KEY: "hailong.tablet.key",
    STATE: "hailong.tablet.state",
    PHOTO: "hailong.tablet.photo",
    LAST_UNBOUND: "hailong.tablet.last_unbound",
    USED_VISITS: "hailong.tablet.used_visits",
    HOME_SCREENS: ["loading", "standby", "closed"],
    config: JSON.parse(root.dataset.config),
    strings: JSON.parse(root.dataset.strings),
    Outbox: window.HailongOutbox,
    /* Everything that changes while the page runs. */
    s: {
      key: localStorage.getItem("hailong.tablet.key"),
      lang: "vi",
      state: null,          // the server's last answer, cached for reloads during an outage
      clockOffset: 0,       // server clock minus tablet clock, in ms
      screen: "loading",
      draft: null,          // the rating being given
      draftQuestionnaire: null,
      draftUndo: null,      // the cool-down and visit marks as they were before the tap
      draftWrite: Promise.resolve(),  // outbox writes of the draft, one after the other
      pin: { mode: "sign-in", officer: null, digits: "" },
      photoUrl: null,       // data: URL of the signed-in officer's photo
      shownLevels: "",
      loadedAt: Date.now(),
      lastTouch: Date.now(),
      timers: {},
      sender: null
    }
  };

  T.$ = function (id) { return document.getElementById(id); };

  T.t = function (name, params) {
    var text = T.strings[T.s.lang][name] || T.strings.vi[name] || name;
    Object.keys(params || {}).forEach(function (p) { text = text.split("{" + p + "}").join(params[p]); });
    return text;
  };

  T.label = function (item) { return T.s.lang === "en" ? item.label_en : item.label_vi; };

  T.el = function (tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") { node.textContent = attrs[name]; } else { node.setAttribute(name, attrs[name]); }
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  };

  T.fill = function (node, children) {
    node.textContent = "";
    children.forEach(function (child) { node.appendChild(child); });
  };

  T.showMessage = function (id, text) { T.$(id).textContent = text; T.$(id).hidden = !text; };

  /* A server instant as the tablet's local clock shows it (HH:MM). */
  T.localTime = function (iso) {
    return new Date(Date.parse(iso) - T.s.clockOffset).toLocaleTimeString(
      T.s.lang === "vi" ? "vi-VN" : "en-GB", { hour: "2-digit", minute: "2-digit" });
  };

  T.api = function (method, path, body) {
    var init = { method: method, headers: { Accept: "application/json" }, cache: "no-store",
                 credentials: "omit" };
    if (T.s.key) { init.headers["X-Tablet-Key"] = T.s.key; }
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(T.config.api + path, init).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        var error = (data && data.error) || {};
        if ((response.status === 401 || response.status === 403) && /^tablet_/.test(error.code || "")) {
          T.unauthorised();
        }
        return { status: response.status, data: data, error: error };
      });
    });
  };

  T.fetchPhoto = function (officerId) {
    return fetch(T.config.api + "/kiosk/officers/" + officerId + "/photo",
                 { headers: { "X-Tablet-Key": T.s.key }, cache: "no-store", credentials: "omit" })
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
  };
})();
