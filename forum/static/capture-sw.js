/* Service worker for the capture pages (/t/...): lets a facilitator reload the page without a
 * network. Pages and their assets are fetched from the network first and fall back to the copy
 * cached on the last successful load. The API is never cached: the page's own queue handles it. */
"use strict";

var CACHE = "fw-capture-v1";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.indexOf("/api/") === 0) return;
  var cacheable = request.mode === "navigate" ? url.pathname.indexOf("/t/") === 0 : url.pathname.indexOf("/static/") === 0;
  if (!cacheable) return;
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request, {ignoreSearch: request.mode === "navigate"}).then(function (cached) {
        return cached || Response.error();
      });
    })
  );
});
