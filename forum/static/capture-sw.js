/* Service worker for the capture pages: lets a facilitator reload the page without a network.
 * Served twice: under /t/ for the table links' pages, under /capture/ for the signed-in capture pages.
 * Pages and their assets are fetched from the network first and fall back to the copy cached on the
 * last successful load. The API is never cached: the page's own queue handles it.
 * A signed-in page is kept in a cache of its own, "fw-capture-account-v1": app.js deletes it on any
 * page shown to another account or to no account (a shared laptop after logging out), and a page the
 * server no longer gives (access withdrawn, logged out, capture switched off) loses its copy here.
 * A login that ends with no page to say so (the browser closed, the login's time up) is caught by the kept
 * page itself: capture-gate.js, its first script, shows it only to the login it was kept for.
 * The static files, the same for everyone, go to a cache of their own: a versioned file comes from the browser's
 * own cache even offline, and putting it back in the signed-in cache would make that cache again right after
 * capture-gate.js or app.js deleted it. A file's copy replaces the copies of its earlier versions. */
"use strict";

var SCOPE = new URL(self.registration.scope).pathname;
var SIGNED_IN = !/\/t\/$/.test(SCOPE);
var PAGES = SIGNED_IN ? "fw-capture-account-v1" : "fw-capture-v1";
var ASSETS = "fw-capture-assets-v1";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

/* One copy of each static file: once a version is kept (``?v=`` changes with every deploy that changes the
 * file), the copies of its other versions go, else a phone kept one more copy per deploy per file. */
function dropOtherVersions(cache, request) {
  return cache.keys(request, {ignoreSearch: true}).then(function (keys) {
    return Promise.all(keys.filter(function (key) { return key.url !== request.url; })
      .map(function (key) { return cache.delete(key); }));
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.indexOf("/api/") === 0) return;
  var page = request.mode === "navigate";
  var cacheable = page ? url.pathname.indexOf(SCOPE) === 0 : url.pathname.indexOf("/static/") === 0;
  if (!cacheable) return;
  var cacheName = page ? PAGES : ASSETS;
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(cacheName).then(function (cache) {
          return cache.put(request, copy).then(function () { if (!page) return dropOtherVersions(cache, request); });
        });
      } else if (page && SIGNED_IN) {
        caches.open(PAGES).then(function (cache) { cache.delete(request, {ignoreSearch: true}); });
      }
      return response;
    }).catch(function () {
      return caches.match(request, {ignoreSearch: page, cacheName: cacheName}).then(function (cached) {
        return cached || Response.error();
      });
    })
  );
});
