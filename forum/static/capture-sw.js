/* Service worker for the capture pages: lets a facilitator reload the page without a network.
 * Served twice: under /t/ for the table links' pages, under /capture/ for the signed-in capture pages.
 * Pages and their assets are fetched from the network first and fall back to the copy cached on the
 * last successful load. The API is never cached: the page's own queue handles it.
 * A signed-in page is kept in a cache of its own (PAGE_CACHES.account): app.js deletes it on any
 * page shown to another account or to no account (a shared laptop after logging out), and a page the
 * server no longer gives (access withdrawn, logged out, capture switched off) loses its copy here.
 * A login that ends with no page to say so (the browser closed, the login's time up) is caught by the kept
 * page itself: capture-gate.js, its first script, shows it only to the login it was kept for.
 * The static files, the same for everyone, go to a cache of their own: a versioned file comes from the browser's
 * own cache even offline, and putting it back in the signed-in cache would make that cache again right after
 * capture-gate.js or app.js deleted it.
 * Each version of a file (``?v=`` changes with every deploy that changes it) is kept under its own address, and a page
 * kept here only ever gets the versions it names: a page kept from before a deploy, reloaded offline, still gets its
 * own scripts and stylesheet, never a newer script written for another page. A version goes once no page kept in
 * either page cache names it any more, looked at each time a page is kept (a newer page has loaded): a phone does
 * not keep one more copy per deploy per file.
 * The static files' cache and where the app serves its static files come with the worker's own address, as the page
 * registers it (``?assets=…&static=…``, forum/capture/pages.py): behind a proxy that serves the app under a prefix
 * (``/forum/static/…``) they are kept, and named by the pages kept, there. A worker registered without them (by a page
 * from before they were passed, until the next page loaded online registers it again) keeps the pages only.
 * A table link's page the server says is gone (404, 410: the link replaced, the forum deleted) loses its copy; the
 * copies of links not opened for a long time go as a capture page loads (capture.js, which reads their queues).
 * A page is kept per address, so per language (``?lang=``): see ``keptPage``.
 * The pages' caches, PAGE_CACHES ({link, account}), are written above this script by the view that serves it
 * (forum/capture/pages.py, where they are named), whatever address the worker was registered at. */
"use strict";

var SCOPE = new URL(self.registration.scope).pathname;
var SIGNED_IN = !/\/t\/$/.test(SCOPE);
var PAGES = SIGNED_IN ? PAGE_CACHES.account : PAGE_CACHES.link;
var SETTINGS = new URL(self.location.href).searchParams;
var ASSETS = SETTINGS.get("assets") || null;
var STATIC = SETTINGS.get("static") && ASSETS ? new URL(SETTINGS.get("static"), self.location.origin).pathname : null;
var KEPT_PAGES = [PAGE_CACHES.link, PAGE_CACHES.account];  // both scopes' pages share the static files' cache

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

/* The addresses a kept page's elements name; the static files among them are its stylesheets and scripts. */
var ADDRESS = /(?:src|href)="([^"]+)"/g;
function staticFile(url) {
  return STATIC !== null && url.origin === self.location.origin && url.pathname.indexOf(STATIC) === 0;
}
/* The static files a kept page names (``<prefix>/static/…?v=…``). */
function namedBy(page) {
  return page.text().then(function (html) {
    var names = [], found, url;
    ADDRESS.lastIndex = 0;
    while ((found = ADDRESS.exec(html))) {
      try { url = new URL(found[1].replace(/&amp;/g, "&"), page.url); } catch (e) { continue; }
      if (staticFile(url)) names.push(url.href);
    }
    return names;
  });
}
function keptPages() {
  return Promise.all(KEPT_PAGES.map(function (name) {
    return caches.has(name).then(function (exists) {
      if (!exists) return [];
      return caches.open(name).then(function (cache) {
        return cache.keys().then(function (keys) {
          return Promise.all(keys.map(function (key) { return cache.match(key); }));
        });
      });
    });
  })).then(function (lists) { return [].concat.apply([], lists).filter(Boolean); });
}
/* The static files no kept page names any more go (the versions of before a deploy, once every page kept is newer). */
function dropUnnamedVersions() {
  return keptPages().then(function (pages) {
    return Promise.all(pages.map(namedBy));
  }).then(function (lists) {
    var named = {};
    lists.forEach(function (names) { names.forEach(function (url) { named[url] = true; }); });
    return caches.open(ASSETS).then(function (cache) {
      return cache.keys().then(function (keys) {
        return Promise.all(keys.filter(function (key) { return !named[key.url]; })
          .map(function (key) { return cache.delete(key); }));
      });
    });
  });
}

/* Whether the server no longer gives the page, so that its copy goes: a signed-in page's once logged out (a redirect
 * to the login), its access withdrawn or capture switched off (403), or its table gone (404, 410); a table link's
 * once the link is gone (404, 410). Never for a server in trouble for a moment (a 500, a 503 while a deploy restarts
 * it, a 429): the copy is what the facilitator reloads, cards waiting, until it is back. */
function noLongerGiven(response) {
  if (response.status === 404 || response.status === 410) return true;
  return SIGNED_IN && (response.type === "opaqueredirect" || response.status === 401 || response.status === 403);
}

/* The language a kept page is in (its ``<html lang>``). */
var PAGE_LANGUAGE = /<html[^>]*\slang="([^"]+)"/;
function languageOf(copy) {
  return copy.clone().text().then(function (html) { var found = PAGE_LANGUAGE.exec(html); return found && found[1]; });
}
/* The kept copy of a page, offline: the one kept at this very address; else, for a page asked for in a language (its
 * language link, ``?lang=``), a copy in that language kept at another address of the page (without ``?lang``);
 * else any copy of the page. Each language's copy is kept under its own address (``?lang=en``, ``?lang=fr``), so a
 * co-facilitator switching the language offline gets the page in it when it was opened once online; when it never
 * was, they get the copy in the other language, whose script says that the page they asked for is not kept
 * (capture.js, ``languageNotKept``), rather than the other language without a word. */
function keptPage(request, url) {
  return caches.open(PAGES).then(function (cache) {
    return cache.match(request).then(function (exact) {
      var wanted = url.searchParams.get("lang");
      if (exact || !wanted) return exact || cache.match(request, {ignoreSearch: true});
      return cache.matchAll(request, {ignoreSearch: true}).then(function (copies) {
        return Promise.all(copies.map(languageOf)).then(function (languages) {
          var index = languages.indexOf(wanted);
          return copies[index >= 0 ? index : 0];
        });
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.indexOf("/api/") === 0) return;
  var page = request.mode === "navigate";
  var cacheable = page ? url.pathname.indexOf(SCOPE) === 0 : staticFile(url);
  if (!cacheable) return;
  var cacheName = page ? PAGES : ASSETS;
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        // (the page's own static files are asked for after it is kept: they are named by it, never dropped here)
        var kept = caches.open(cacheName).then(function (cache) {
          return cache.put(request, copy).then(function () { if (page && ASSETS) return dropUnnamedVersions(); });
        }).catch(function () { /* no room: the page still shows, without an offline copy */ });
        try { event.waitUntil(kept); } catch (e) { /* the worker is kept alive by the answer anyway */ }
      } else if (page && noLongerGiven(response)) {
        // (a table's link the server says is gone, replaced or its forum deleted, loses its copy too; one switched
        // off, 403, may be switched on again. The cards its page kept stay in the page's own storage.)
        var forgotten = caches.open(PAGES).then(function (cache) { return cache.delete(request, {ignoreSearch: true}); });
        try { event.waitUntil(forgotten); } catch (e) { /* the worker is kept alive by the answer anyway */ }
      }
      return response;
    }).catch(function () {
      return (page ? keptPage(request, url) : caches.match(request, {cacheName: cacheName})).then(function (cached) {
        return cached || Response.error();
      });
    })
  );
});
