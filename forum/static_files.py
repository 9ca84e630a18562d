"""Static files (the stylesheet, the scripts) kept by the browser between pages.

Every ``url_for('static', filename=…)`` carries the file's version, a digest of its content (``?v=…``); the
file asked for at its current version is answered "keep it a year, it never changes" (``immutable``), so the
next page takes it from the phone's cache without asking the server again. Before, each page asked again for
each of its four files (``no-cache``): on a phone's slow network (400 ms a round trip) the page stayed blank
for one more round trip on every page, for answers that were always "not modified". A new version of a file
has a new address, fetched once by the next page. An address without a version, or with another one (a page
from before an update), is answered as before: checked again each time.

A static file does not vary with the cookies either: without ``Vary: Cookie`` (which every other answer gets,
forum/security.py) it stays usable when the phone's cookies change (joining a forum, switching language)."""
from __future__ import annotations

import gzip
import hashlib
import os

from flask import Flask, request
from werkzeug.security import safe_join

VERSION_ARG = "v"
KEPT_FOR_SECONDS = 365 * 24 * 3600
# The version of each file, with the (modification time, size) it was worked out for: a file changed in place
# (a developer editing a script) gets its new version at the next page.
_versions: dict[str, tuple[tuple[int, int], str]] = {}
COMPRESSED_TYPES = frozenset({"text/css", "text/javascript", "application/javascript", "application/json",
                              "image/svg+xml", "text/plain"})
COMPRESS_FROM_BYTES = 1024  # smaller, the saving is lost in the headers
# Each file compressed once, for its (modification time, size).
_compressed: dict[str, tuple[tuple[int, int], bytes]] = {}


def static_version(folder: str, filename: str) -> str | None:
    """The version of the static file ``filename``: the start of its content's SHA-256; None if there is none."""
    path = safe_join(folder, filename)
    if path is None:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    key = (stat.st_mtime_ns, stat.st_size)
    kept = _versions.get(path)
    if kept is not None and kept[0] == key:
        return kept[1]
    try:
        with open(path, "rb") as file:
            version = hashlib.sha256(file.read()).hexdigest()[:16]
    except OSError:
        return None
    _versions[path] = (key, version)
    return version


def register(app: Flask) -> None:
    folder = app.static_folder

    @app.url_defaults
    def add_static_version(endpoint: str, values: dict) -> None:
        if endpoint == "static" and VERSION_ARG not in values and "filename" in values:
            version = static_version(folder, values["filename"])
            if version:
                values[VERSION_ARG] = version


def keep_if_current(response, filename: str, folder: str):
    """``response`` to a static file, cached for a year when asked for at its current version, unless it sets a
    cookie (``unshared_if_cookie`` checks again once every hook has run)."""
    asked = request.args.get(VERSION_ARG) if request.query_string else None
    if (asked and response.status_code in (200, 304) and "Set-Cookie" not in response.headers
            and asked == static_version(folder, filename)):
        cache = response.cache_control
        cache.no_cache = None
        cache.public = True
        cache.max_age = KEPT_FOR_SECONDS
        cache.immutable = True
    return response


def unshared_if_cookie(response):
    """``response`` kept by no shared cache if it sets a cookie: a public answer (a static file at its version)
    that sets one would hand the cookie, a logged-in session, to whoever next asks a proxy for the same
    address. It is then checked again each time, by its own browser only."""
    headers = response.headers
    if "Set-Cookie" in headers and "Cache-Control" in headers:
        cache = response.cache_control
        if cache.public or cache.immutable:
            del headers["Cache-Control"]
            headers["Cache-Control"] = "private, no-cache"
    return response


def _compressed_content(path: str) -> bytes | None:
    try:
        stat = os.stat(path)
        key = (stat.st_mtime_ns, stat.st_size)
        kept = _compressed.get(path)
        if kept is not None and kept[0] == key:
            return kept[1]
        with open(path, "rb") as file:
            content = gzip.compress(file.read(), compresslevel=9, mtime=0)
    except OSError:
        return None
    _compressed[path] = (key, content)
    return content


def compress_if_taken(response, filename: str, folder: str):
    """``response`` to a static file, compressed with gzip when the browser takes it and the file is text
    worth compressing. The compressed answer has an ETag of its own (a cache told "not modified" keeps the
    right one) and every answer to such a file says it varies with Accept-Encoding."""
    if response.mimetype not in COMPRESSED_TYPES:
        return response
    response.vary.add("Accept-Encoding")
    this_request = request._get_current_object()
    if (response.status_code != 200 or not this_request.accept_encodings["gzip"]
            or this_request.headers.get("Range") or response.content_length is None
            or response.content_length < COMPRESS_FROM_BYTES):
        return response
    path = safe_join(folder, filename)
    content = _compressed_content(path) if path else None
    if content is None:
        return response
    etag, _weak = response.get_etag()
    response.close()  # the file send_file opened
    response.direct_passthrough = False
    response.set_data(content)
    response.headers["Content-Encoding"] = "gzip"
    response.headers.pop("Accept-Ranges", None)  # the ranges would be the compressed bytes'
    if etag:
        response.set_etag(f"{etag}-gzip")
        # (weakly: a cache or proxy may hand the ETag back weakened, ``W/"…-gzip"``, RFC 9110 13.1.2)
        if this_request.if_none_match.contains_weak(response.get_etag()[0]):
            response.status_code = 304
            response.set_data(b"")
            response.headers.pop("Content-Encoding", None)
            response.headers.pop("Content-Length", None)
    return response
