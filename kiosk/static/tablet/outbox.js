/* Hài Lòng tablet outbox: a rating is kept in IndexedDB before the tablet says thank you,
   then sent in batches until the server has answered for it. Nothing is lost, nothing doubled:
   each rating carries its own UUID and the server takes a UUID once. */
(function () {
  "use strict";

  var DB_NAME = "hailong-tablet";
  var OUTBOX = "outbox";   // {id, ready, created_at (ms), rating}
  var DEAD = "dead";       // {id, rating, code, message, at (ms)}: refused by the server
  var MAX_DEAD = 500;
  var opened = null;

  function promise(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function open() {
    if (!opened) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        var db = request.result;
        db.createObjectStore(OUTBOX, { keyPath: "id" }).createIndex("created_at", "created_at");
        db.createObjectStore(DEAD, { keyPath: "id" }).createIndex("at", "at");
      };
      opened = promise(request);
    }
    return opened;
  }

  /* Run work(stores) in one transaction; resolve with its result once the data is on disk. */
  function transact(names, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(names, mode, { durability: "strict" });
        var stores = {};
        names.forEach(function (name) { stores[name] = tx.objectStore(name); });
        var result;
        Promise.resolve(work(stores)).then(function (value) { result = value; }, reject);
        tx.oncomplete = function () { resolve(result); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function all(store) { return promise(store.index("created_at").getAll()); }

  /* A random UUID: crypto.randomUUID where the origin is secure, else getRandomValues. */
  function newId() {
    if (window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); });
    return [hex.slice(0, 4), hex.slice(4, 6), hex.slice(6, 8), hex.slice(8, 10), hex.slice(10)]
      .map(function (part) { return part.join(""); }).join("-");
  }

  function put(rating, ready) {
    return transact([OUTBOX], "readwrite", function (s) {
      var at = Date.parse(rating.rated_at);
      s[OUTBOX].put({ id: rating.id, ready: ready, created_at: isNaN(at) ? Date.now() : at,
                      rating: rating });
    });
  }

  function remove(id) {
    return transact([OUTBOX], "readwrite", function (s) { s[OUTBOX].delete(id); });
  }

  /* A rating left as a draft (the page was closed mid-way) is sent with what it has. */
  function finishDrafts() {
    return transact([OUTBOX], "readwrite", function (s) {
      return all(s[OUTBOX]).then(function (records) {
        records.filter(function (r) { return !r.ready; }).forEach(function (r) {
          r.ready = true;
          s[OUTBOX].put(r);
        });
      });
    });
  }

  function ready(limit) {
    return transact([OUTBOX], "readonly", function (s) {
      return all(s[OUTBOX]).then(function (records) {
        return records.filter(function (r) { return r.ready; }).slice(0, limit);
      });
    });
  }

  function stats() {
    return transact([OUTBOX, DEAD], "readonly", function (s) {
      return Promise.all([all(s[OUTBOX]), promise(s[DEAD].count())]).then(function (found) {
        var records = found[0];
        return {
          length: records.length,
          oldest: records.length ? new Date(records[0].created_at).toISOString() : null,
          dead: found[1]
        };
      });
    });
  }

  function readAll() {
    return transact([OUTBOX, DEAD], "readonly", function (s) {
      return Promise.all([all(s[OUTBOX]), promise(s[DEAD].getAll())]).then(function (found) {
        return { outbox: found[0], dead: found[1] };
      });
    });
  }

  /* Apply the server's answers: created or duplicate leave the outbox; rejected become dead
     letters (kept for the record and counted by the heartbeat, never sent again). */
  function settle(records, results) {
    var byId = {};
    records.forEach(function (r) { byId[r.id] = r; });
    return transact([OUTBOX, DEAD], "readwrite", function (s) {
      results.forEach(function (result) {
        var record = byId[result.id] || records[result.index];
        if (!record) { return; }
        if (result.status === "rejected") {
          s[DEAD].put({ id: record.id, rating: record.rating, code: result.code,
                        message: result.message, at: Date.now() });
        }
        s[OUTBOX].delete(record.id);
      });
      return promise(s[DEAD].index("at").getAllKeys()).then(function (keys) {
        keys.slice(0, Math.max(0, keys.length - MAX_DEAD)).forEach(function (k) { s[DEAD].delete(k); });
      });
    });
  }

  /* The send loop: on load, on `online`, after each save and on a timer; after a failure it
     waits with exponential back-off and jitter. options.send(body) resolves {status, data}. */
  function Sender(options) {
    this.options = options;
    this.batch = options.batch;
    this.failures = 0;
    this.busy = false;
    this.again = false;
    this.timer = null;
  }

  Sender.prototype.delay = function () {
    var o = this.options;
    if (!this.failures) { return o.interval; }
    var cap = Math.min(o.retryMax, o.retryBase * Math.pow(2, this.failures - 1));
    return cap / 2 + Math.random() * cap / 2;
  };

  Sender.prototype.schedule = function () {
    clearTimeout(this.timer);
    this.timer = setTimeout(this.drain.bind(this), this.delay());
  };

  Sender.prototype.drain = function () {
    var self = this;
    if (self.busy) { self.again = true; return Promise.resolve(); }
    self.busy = true;
    self.again = false;
    function step() {
      return ready(self.batch).then(function (records) {
        if (!records.length) { return "done"; }
        return self.sendBatch(records).then(function (next) { return next === "more" ? step() : next; });
      });
    }
    return step().catch(function () { self.failures += 1; }).then(function (outcome) {
      self.busy = false;
      self.options.changed();
      if (outcome === "stop") { clearTimeout(self.timer); return; }
      if (self.again && !self.failures) { return self.drain(); }
      self.schedule();
    });
  };

  Sender.prototype.sendBatch = function (records) {
    var self = this;
    var body = { sent_at: new Date().toISOString(),
                 ratings: records.map(function (r) { return r.rating; }) };
    return self.options.send(body).then(function (response) {
      var code = response.data && response.data.error && response.data.error.code;
      if (response.status === 200 && Array.isArray(response.data.results)) {
        self.failures = 0;
        return settle(records, response.data.results).then(function () { return "more"; });
      }
      if ((response.status === 401 || response.status === 403) && /^tablet_/.test(code || "")) {
        return "stop";
      }
      if (response.status === 413 || response.status === 400 || response.status === 415) {
        if (records.length > 1) {  // too big or malformed together: try halves
          self.batch = Math.max(1, Math.floor(records.length / 2));
          return "more";
        }
        return settle(records, [{ index: 0, id: records[0].id, status: "rejected", code: code,
                                  message: "refused by the server: " + response.status }])
          .then(function () { return "more"; });
      }
      self.failures += 1;
      return "retry";
    }, function () {
      self.failures += 1;
      return "retry";
    });
  };

  /* Try at once (after a save, or when the network returns). */
  Sender.prototype.nudge = function (resetBackOff) {
    if (resetBackOff) { this.failures = 0; }
    if (!this.failures) { this.drain(); }
  };

  window.HailongOutbox = {
    open: open, newId: newId, put: put, remove: remove, finishDrafts: finishDrafts,
    stats: stats, readAll: readAll, Sender: Sender
  };
})();
