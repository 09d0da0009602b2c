/* Hài Lòng tablet service worker (version {{ version }}): keeps the app shell so that a reload
   during an outage still shows the tablet. Ratings never pass through here: they live in the
   page's IndexedDB outbox, and API calls go straight to the network. */
"use strict";
var CACHE = "hailong-tablet-{{ version }}";
var SHELL = {{ shell|tojson }};

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(SHELL);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("hailong-tablet-") === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate" && url.pathname === SHELL[0]) {
    // Network first, so a new release shows at once; the cached page when the network fails
    // or the server answers with an error (a reverse proxy's 502 while the app restarts).
    event.respondWith(fetch(request).then(function (response) {
      if (response.status < 500) { return response; }
      return caches.match(SHELL[0]).then(function (hit) { return hit || response; });
    }, function () { return caches.match(SHELL[0]); }));
  } else if (SHELL.indexOf(url.pathname + url.search) > 0) {
    event.respondWith(caches.match(request).then(function (hit) { return hit || fetch(request); }));
  }
});
