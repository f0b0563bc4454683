{% load static %}/* Rumbo's service worker: the last copy of the board, the KPI pages and «Mis actualizaciones» opens without signal,
   and the values typed meanwhile are sent when it returns (Background Sync). Caching is Workbox's, served from /static. */
importScripts(
  "{% static 'vendor/workbox/workbox-core.prod.js' %}",
  "{% static 'vendor/workbox/workbox-routing.prod.js' %}",
  "{% static 'vendor/workbox/workbox-strategies.prod.js' %}",
  "{% static 'vendor/workbox/workbox-expiration.prod.js' %}",
  "{% static 'vendor/idb-keyval.umd.js' %}",
  "{% static 'rumbo/outbox.js' %}"
);
const RELEASE = "{{ release }}";
const PAGES = "rumbo-pages";
const STATIC = "rumbo-static-" + RELEASE;
// What a page needs to show itself without signal, taken at install (mostly from the browser's own cache).
const SHELL = [{% for path in shell %}"{% static path %}"{% if not forloop.last %}, {% endif %}{% endfor %}];
// The board, a KPI's page, «Mis actualizaciones» and an OKR check-in: the pages kept for a day without signal.
const KEPT = new RegExp("{{ kept|escapejs }}");

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(STATIC).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((names) => Promise.all(
      names.filter((n) => n.startsWith("rumbo-static-") && n !== STATIC).map((n) => caches.delete(n))
    )).then(() => self.clients.claim())
  );
});

const { registerRoute } = workbox.routing;
const { NetworkFirst, StaleWhileRevalidate } = workbox.strategies;
const { ExpirationPlugin } = workbox.expiration;

// A copy served without signal says so: the page shows «Sin conexión: datos del …» with the time it was kept.
const markCopy = {
  cachedResponseWillBeUsed: async ({ cachedResponse }) => {
    if (!cachedResponse) return cachedResponse;
    const headers = new Headers(cachedResponse.headers);
    const kept = headers.get("X-Rumbo-Kept") || headers.get("Date") || new Date().toUTCString();
    const html = (await cachedResponse.text()).replace("<html ", `<html data-offline-copy="${new Date(kept).toISOString()}" `);
    headers.delete("Content-Length");
    return new Response(html, { status: 200, headers });
  },
  // A redirect (to sign in again) or an error page is never kept in place of the page.
  cacheWillUpdate: async ({ response }) => {
    if (!response || response.status !== 200 || response.redirected) return null;
    const headers = new Headers(response.headers);
    headers.set("X-Rumbo-Kept", new Date().toISOString());
    return new Response(await response.blob(), { status: 200, statusText: response.statusText, headers });
  },
};

registerRoute(
  ({ request, url }) => request.mode === "navigate" && url.origin === self.location.origin && KEPT.test(url.pathname),
  new NetworkFirst({
    cacheName: PAGES,
    networkTimeoutSeconds: 8,
    // The page varies on the cookie and the language; the copy is this person's, in the language last seen.
    matchOptions: { ignoreVary: true },
    plugins: [markCopy, new ExpirationPlugin({ maxEntries: 80, maxAgeSeconds: 30 * 24 * 3600 })],
  })
);
registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname.startsWith("{{ static_prefix }}"),
  new StaleWhileRevalidate({ cacheName: STATIC })
);

async function tellPages() {
  for (const client of await self.clients.matchAll({ type: "window" })) client.postMessage({ type: "outbox" });
}

self.addEventListener("sync", (event) => {
  if (event.tag !== "rumbo-outbox") return;
  event.waitUntil(
    self.rumboOutbox.send().then((waiting) => tellPages().then(() => {
      if (waiting) throw new Error("Still without signal: the browser tries again later.");
    }))
  );
});
