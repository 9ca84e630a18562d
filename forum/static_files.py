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

import hashlib
import os

from flask import Flask, request
from werkzeug.security import safe_join

VERSION_ARG = "v"
KEPT_FOR_SECONDS = 365 * 24 * 3600
# The version of each file, with the (modification time, size) it was worked out for: a file changed in place
# (a developer editing a script) gets its new version at the next page.
_versions: dict[str, tuple[tuple[int, int], str]] = {}


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
    """``response`` to a static file, cached for a year when asked for at its current version."""
    asked = request.args.get(VERSION_ARG) if request.query_string else None
    if asked and response.status_code in (200, 304) and asked == static_version(folder, filename):
        cache = response.cache_control
        cache.no_cache = None
        cache.public = True
        cache.max_age = KEPT_FOR_SECONDS
        cache.immutable = True
    return response
