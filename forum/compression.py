"""The report's HTML (its file, its preview, the shared report and a review link's page) sent gzip-compressed to a
browser that accepts it: a 5,000-card forum's page is 3 MB of HTML, a quarter of that compressed (its charts are
PNG images inside it, which gzip does not shrink).

A compressed answer is another representation of the page, so it has an ETag of its own (the page's with ``-gzip``
after it, RFC 9110 8.8.3): a browser revalidating what it holds, compressed or not, gets a 304 (``etag_matches``)."""
from __future__ import annotations

import gzip
import threading
from collections import OrderedDict

from flask import Response, request

GZIP_SUFFIX = "-gzip"
MIN_BYTES = 1024  # a smaller answer gains less than compressing it costs
TEXT_TYPES = frozenset({"text/html", "text/markdown"})  # PDF, DOCX and ZIP files are compressed already
LEVEL = 6  # zlib's default: near the best size, several times faster than 9
KEPT_PAGES = 16  # the compressed pages kept in each process, by ETag (a 5,000-card forum's: 0.7 MB)

_kept: OrderedDict[str, bytes] = OrderedDict()
_kept_lock = threading.Lock()


def accepts_gzip() -> bool:
    return request.accept_encodings["gzip"] > 0


def etag_matches(etag: str) -> bool:
    """The request's ``If-None-Match`` holds the page's ETag ``etag``, as sent plain or compressed."""
    return request.if_none_match.contains(etag) or request.if_none_match.contains(etag + GZIP_SUFFIX)


def compressed(response: Response) -> Response:
    """``response``, an HTML page or a text file, gzip-compressed when the browser accepts it (a 304 with the compressed
    representation's ETag). Caches in between are told the answer depends on ``Accept-Encoding``."""
    response.vary.add("Accept-Encoding")
    if not accepts_gzip() or "Content-Encoding" in response.headers:
        return response
    etag, weak = response.get_etag()
    if response.status_code == 304:  # the representation the browser holds
        if etag and request.if_none_match.contains(etag + GZIP_SUFFIX):
            response.set_etag(etag + GZIP_SUFFIX, weak)
        return response
    if response.status_code != 200 or response.is_streamed or response.mimetype not in TEXT_TYPES:
        return response
    body = response.get_data()
    if len(body) < MIN_BYTES:
        return response
    response.set_data(_gzipped(body, etag))
    response.headers["Content-Encoding"] = "gzip"
    if etag:
        response.set_etag(etag + GZIP_SUFFIX, weak)
    return response


def _gzipped(body: bytes, etag: str | None) -> bytes:
    """``body`` compressed; a page with an ETag (a digest of its HTML: the kept report pages) compressed once per
    process while it is among the latest ``KEPT_PAGES`` (compressing a 5,000-card forum's 3 MB page takes about
    0.1 s, several times the rest of serving it)."""
    if etag is None:
        return gzip.compress(body, compresslevel=LEVEL, mtime=0)
    with _kept_lock:
        packed = _kept.get(etag)
        if packed is not None:
            _kept.move_to_end(etag)
            return packed
    packed = gzip.compress(body, compresslevel=LEVEL, mtime=0)
    with _kept_lock:
        _kept[etag] = packed
        while len(_kept) > KEPT_PAGES:
            _kept.popitem(last=False)
    return packed
