/* Values typed without signal, kept on the phone (IndexedDB) until they are sent: shared by the pages and the service worker. */
(function (scope) {
  "use strict";
  var kv = scope.idbKeyval;
  var entries = kv.createStore("rumbo-outbox", "entries");
  var LOCK = "rumbo-outbox";

  function all() {
    return kv.values(entries).then(function (list) {
      return list.sort(function (a, b) { return a.body.entered_at < b.body.entered_at ? -1 : 1; });
    });
  }

  function locked(work) {
    var locks = scope.navigator && scope.navigator.locks;
    return locks ? locks.request(LOCK, work) : work();
  }

  /* One entry to the server: "stored", "conflict", "refused", or "later" when the network or the session failed. */
  function sendOne(entry, csrf) {
    return fetch(entry.url, {
      method: "POST",
      credentials: "same-origin",
      redirect: "error",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf || entry.csrf },
      body: JSON.stringify(entry.body),
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (!json) return response.status === 404 ? { status: "refused", message: "" } : { status: "later" };
      return response.json();
    }, function () { return { status: "later" }; });
  }

  scope.rumboOutbox = {
    all: all,
    add: function (entry) { return kv.set(entry.id, entry, entries); },
    get: function (id) { return kv.get(id, entries); },
    put: function (entry) { return kv.set(entry.id, entry, entries); },
    remove: function (id) { return kv.del(id, entries); },
    clear: function () { return kv.clear(entries); },
    /* Send every pending entry, one at a time; resolves to how many are still waiting for the network. */
    send: function (csrf) {
      return locked(function () {
        return all().then(function (list) {
          var waiting = 0;
          return list.reduce(function (done, entry) {
            return done.then(function () {
              if (entry.status !== "pending") return null;
              return sendOne(entry, csrf).then(function (answer) {
                if (answer.status === "stored") return kv.del(entry.id, entries);
                if (answer.status === "later") { waiting += 1; return null; }
                entry.status = answer.status;  // "conflict" or "refused": the person decides
                entry.message = answer.message || "";
                entry.figure = answer.figure || "";
                entry.server_version = answer.version;
                return kv.set(entry.id, entry, entries);
              });
            });
          }, Promise.resolve()).then(function () { return waiting; });
        });
      });
    },
  };
})(self);
