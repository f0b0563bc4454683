/* Without signal: installs the service worker, says when a page is a copy, keeps values typed offline in the
   phone's outbox (outbox.js) and sends them when the signal returns, and clears the phone's copy on sign-out. */
(function () {
  "use strict";
  var box = document.getElementById("offline");
  var outbox = window.rumboOutbox;
  var PAGES = "rumbo-pages";
  // The pages kept for a day without signal (as rumbo/offline.py's KEPT).
  var KEPT = /^\/c\/[^/]+\/(indicadores\/\d+\/|actualizaciones\/|okr\/resultados\/\d+\/seguimiento\/)?$/;
  var lang = document.documentElement.lang || "es";

  function word(name, values) {
    var text = box.getAttribute("data-" + name) || "";
    Object.keys(values || {}).forEach(function (key) { text = text.split("{" + key + "}").join(values[key]); });
    return text;
  }

  function csrf() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }

  /* The phone's copy (pages and outbox) is one person's: cleared on sign-out or when someone else signs in. */
  function clearCopy() {
    var jobs = [outbox.clear(), window.idbKeyval.clear()];
    if (window.caches) jobs.push(caches.keys().then(function (names) { return Promise.all(names.map(function (n) { return caches.delete(n); })); }));
    return Promise.all(jobs);
  }

  function ownedBy(person) {
    return window.idbKeyval.get("person").then(function (owner) {
      if (owner === person) return null;
      return (owner ? clearCopy() : Promise.resolve()).then(function () { return window.idbKeyval.set("person", person); });
    });
  }

  if (!box) {  // signed out: whatever a previous person left on the phone goes
    window.idbKeyval.get("person").then(function (owner) { if (owner) clearCopy(); });
    return;
  }
  var state = box.querySelector(".offline-state");
  var note = box.querySelector(".offline-note");
  var list = box.querySelector(".outbox");

  function say(text) { note.textContent = text; note.hidden = false; }

  function showState() {
    var copy = document.documentElement.getAttribute("data-offline-copy");
    if (!copy && navigator.onLine) { state.hidden = true; return; }
    // a copy: when the phone kept it; a page open when the signal went: when it was loaded
    var when = new Date(copy || performance.timeOrigin);
    state.textContent = word("copy", {
      date: new Intl.DateTimeFormat(lang, { day: "2-digit", month: "2-digit" }).formatToParts(when).map(function (part) {
        return part.type === "day" || part.type === "month" ? ("0" + part.value).slice(-2) : part.value;  // 12/03, 03/12
      }).join(""),
      time: new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit" }).format(when),
    });
    state.hidden = false;
  }

  function button(text, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.addEventListener("click", action);
    return b;
  }

  function render() {
    return outbox.all().then(function (entries) {
      var ul = list.querySelector("ul");
      ul.textContent = "";
      entries.forEach(function (entry) {
        var li = document.createElement("li");
        li.className = "outbox-" + entry.status;
        var what = document.createElement("span");
        what.textContent = entry.label + ": " + entry.shown;
        li.appendChild(what);
        if (entry.status === "pending") {
          li.appendChild(document.createTextNode(" · " + word("pending")));
        } else if (entry.status === "conflict") {
          var p = document.createElement("p");
          p.textContent = entry.message + ". " + word("mine", { figure: entry.shown });
          li.appendChild(p);
          li.appendChild(button(word("keep-mine"), function () {
            entry.body.version = entry.server_version;
            entry.status = "pending";
            outbox.put(entry).then(sendNow);
          }));
          li.appendChild(button(word("keep-theirs"), function () { outbox.remove(entry.id).then(render); }));
        } else {
          li.appendChild(document.createTextNode(" · " + word("refused") + (entry.message ? ": " + entry.message : "")));
          li.appendChild(button(word("drop"), function () { outbox.remove(entry.id).then(render); }));
        }
        ul.appendChild(li);
      });
      list.hidden = entries.length === 0;
      return entries;
    });
  }

  var retry = 0;
  var timer = null;
  function sendNow() {
    if (!navigator.onLine) return render();
    return outbox.all().then(function (before) {
      var pending = before.filter(function (e) { return e.status === "pending"; }).length;
      if (!pending) return render();
      return outbox.send(csrf()).then(function (waiting) {
        clearTimeout(timer);
        if (waiting && navigator.onLine) {  // a dropped request: again, a little later each time
          retry = Math.min(retry + 1, 5);
          timer = setTimeout(sendNow, 500 * Math.pow(2, retry));
        } else {
          retry = 0;
        }
        return render().then(function (after) {
          if (after.length < before.length) say(word("sent"));
        });
      });
    });
  }

  function queue(entries) {
    return Promise.all(entries.map(outbox.add)).then(function () {
      if (navigator.serviceWorker && navigator.serviceWorker.controller) {
        navigator.serviceWorker.ready.then(function (r) { return r.sync && r.sync.register("rumbo-outbox"); }).catch(function () {});
      }
      return render();
    }).then(function () {
      say(word("queued"));
      if (navigator.onLine) sendNow();  // the phone believes it has signal: try again, a little later each time
    });
  }

  function entry(form, url, label, unit, fields) {
    var id = crypto.randomUUID();
    var value = fields.value || (fields.confidence !== undefined ? fields.confidence + "/10" : "");
    fields.entry_id = id;
    fields.entered_at = new Date().toISOString();
    return { id: id, url: url, label: label, shown: value + (unit && fields.value ? " " + unit : ""), body: fields, status: "pending", csrf: csrf() };
  }

  function field(scope, name) {
    var input = scope.querySelector('[name="' + name + '"]') || scope.querySelector('[name$="-' + name + '"]');
    if (!input) return "";
    return input.type === "checkbox" ? (input.checked ? "on" : "") : input.value.trim();
  }

  /* The entries a value form holds, one per value typed (each row of «Guardar todo» with a changed value or note). */
  function entriesOf(form, kind) {
    var entries = [];
    if (kind === "rows") {
      form.querySelectorAll("fieldset[data-url]").forEach(function (row) {
        var input = row.querySelector('input[name$="-value"]');
        var noteInput = row.querySelector('[name$="-note"]');
        var changed = input && (input.value !== input.defaultValue || (noteInput && noteInput.value !== noteInput.defaultValue));
        if (!input || !input.value.trim() || !changed) return;
        var item = entry(form, row.dataset.url, row.dataset.label, row.dataset.unit, {
          period: row.dataset.period, value: input.value.trim(), note: field(row, "note"), version: field(row, "version"),
        });
        item.prefix = input.name.slice(0, -"value".length);  // "k12-": the row's entry id goes with the form
        item.inputs = [input, noteInput];
        entries.push(item);
      });
    } else if (kind === "value") {
      entries.push(entry(form, form.dataset.url, form.dataset.label + " · " + field(form, "period"), form.dataset.unit, {
        period: field(form, "period"), value: field(form, "value"), note: field(form, "note"), version: field(form, "version"),
      }));
    } else {
      entries.push(entry(form, form.dataset.url, form.dataset.label + " · " + field(form, "date"), "", {
        date: field(form, "date"), value: field(form, "value"), done: field(form, "done"),
        confidence: field(form, "confidence"), comment: field(form, "comment"), version: form.dataset.version || "",
      }));
    }
    return entries;
  }

  /* Kept on the phone: the form is ready for the next one, and a second «Guardar todo» does not keep a row twice. */
  function keepOnPhone(form, kind, entries) {
    if (!entries.length) return Promise.resolve();
    entries.forEach(function (item) {
      (item.inputs || []).forEach(function (input) { if (input) input.defaultValue = input.value; });
      delete item.inputs;
    });
    var done = queue(entries);
    if (kind !== "rows") form.reset();
    return done;
  }

  // How long a form may take to reach the server before it is kept on the phone instead (one bar, a captive portal).
  var SEND_TIMEOUT = 15000;
  var sending = false;

  /* With signal (or so the phone believes), the form goes through fetch, with its entries' ids: an answer shows as the
     page it is; a request that does not get through is kept on the phone, and sent again later as if typed offline. */
  function sendForm(form, kind, entries) {
    var body = new FormData(form);
    entries.forEach(function (item) { body.set((item.prefix || "") + "entry_id", item.id); });
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller && setTimeout(function () { controller.abort(); }, SEND_TIMEOUT);
    var buttons = form.querySelectorAll("button");
    sending = true;
    buttons.forEach(function (b) { b.disabled = true; });
    function settle() {
      clearTimeout(timer);
      sending = false;
      buttons.forEach(function (b) { b.disabled = false; });
    }
    return fetch(form.action, {
      method: "POST", body: body, credentials: "same-origin", signal: controller && controller.signal,
    }).then(function (response) {
      var ours = new URL(response.url || form.action, location.href).origin === location.origin;
      // a gateway that did not reach Rumbo, or a captive portal's page: not an answer from Rumbo
      if (!ours || response.status === 502 || response.status === 503 || response.status === 504) throw new Error("not through");
      return response.text().then(function (html) { return { response: response, html: html }; });
    }).then(function (answer) {
      settle();
      show(answer.response, answer.html);
    }, function () {
      settle();
      return keepOnPhone(form, kind, entries);
    });
  }

  /* Rumbo's answer to a form, shown as the browser would have: the page after the redirect, or the form with its errors. */
  function show(response, html) {
    if (response.redirected && response.url !== location.href) history.pushState(null, "", response.url);
    document.open();
    document.write(html);
    document.close();
    // «Atrás» to the form's page: the browser keeps this document, so the page is asked for again
    if (response.redirected) window.addEventListener("popstate", function () { location.reload(); }, { once: true });
  }

  /* A value form is kept on the phone instead of being lost: at once without signal, or when sending it fails. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-sign-out")) return signOut(event, form);
    var kind = form.getAttribute("data-offline");
    if (!kind || !window.fetch || !window.FormData) return;
    if (navigator.onLine && form.method.toLowerCase() !== "post") return;
    event.preventDefault();
    if (sending) return;
    var entries = entriesOf(form, kind);
    if (navigator.onLine) return sendForm(form, kind, entries);
    if (entries.length) keepOnPhone(form, kind, entries);
  });

  function signOut(event, form) {
    event.preventDefault();
    outbox.all().then(function (entries) {
      if (entries.length && !window.confirm(word("sign-out", { n: entries.length }))) return;
      clearCopy().then(function () { form.submit(); });
    });
  }

  /* A page opened before the service worker took charge is kept now, so it opens without signal too. */
  function keep(urls) {
    if (!window.caches) return;
    caches.open(PAGES).then(function (cache) {
      urls.forEach(function (url) {
        cache.match(url).then(function (hit) {
          if (hit) return null;
          return fetch(url, { credentials: "same-origin" }).then(function (response) {
            if (response.status !== 200 || response.redirected) return null;
            var headers = new Headers(response.headers);
            headers.set("X-Rumbo-Kept", new Date().toISOString());  // as the service worker marks its copies
            return response.blob().then(function (body) { return cache.put(url, new Response(body, { headers: headers })); });
          });
        }).catch(function () {});
      });
    });
  }

  window.addEventListener("online", function () { showState(); sendNow(); });
  window.addEventListener("offline", showState);
  showState();
  ownedBy(box.getAttribute("data-person")).then(function () {
    if (navigator.serviceWorker) {
      navigator.serviceWorker.addEventListener("message", function (event) {
        if (event.data && event.data.type === "outbox") render();
      });
      var first = !navigator.serviceWorker.controller;
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
        return navigator.serviceWorker.ready;
      }).then(function () {
        var urls = [];
        if (first && KEPT.test(location.pathname)) urls.push(location.pathname + location.search);
        document.querySelectorAll(".my-okrs a[href]").forEach(function (a) { urls.push(a.getAttribute("href")); });
        if (navigator.onLine) keep(urls);
      }).catch(function () {});
    }
    return sendNow();
  });
})();
