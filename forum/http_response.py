"""The app's response class and JSON provider: Flask's, with less work for each JSON answer; a
download and the header that names it."""
from __future__ import annotations

import json
import unicodedata
from urllib.parse import quote

from flask import Flask
from flask import Response as FlaskResponse
from flask.json.provider import DefaultJSONProvider

COMPACT_SEPARATORS = (",", ":")
URL_HEADERS = frozenset({"location", "content-location"})
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"  # an Excel workbook


class Response(FlaskResponse):
    def get_wsgi_headers(self, environ):
        """As Werkzeug's, which copies the headers (checking each one again) to fix Location,
        Content-Location and Content-Length: an answer with its length set and neither location
        (every JSON answer) has nothing to fix, so it is sent with its own headers."""
        status = self.status_code
        if 200 <= status < 300 and status != 204:
            # the names lower-cased at once (a header's name holds no comma)
            names = set(",".join([name for name, _value in self.headers]).lower().split(","))
            if "content-length" in names and not names & URL_HEADERS:
                return self.headers
        return super().get_wsgi_headers(environ)


def download(content, filename: str, **response_options) -> Response:
    """A file to save, named ``filename`` (``response_options``: ``mimetype`` or ``content_type``)."""
    return Response(content, headers={"Content-Disposition": attachment(filename)}, **response_options)


def attachment(filename: str) -> str:
    """The ``Content-Disposition`` of a download named ``filename`` (RFC 6266): the name itself when it is
    plain ASCII; else an ASCII fallback in ``filename`` and the name, UTF-8, in ``filename*`` (RFC 8187),
    which browsers prefer."""
    fallback = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    fallback = "".join(char for char in fallback if char.isprintable() and char not in '"\\') or "download"
    value = f'attachment; filename="{fallback}"'
    if fallback != filename:
        value += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return value


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, with the encoder of the compact answers (``jsonify``) built once: ``json.dumps``
    builds one for every answer when given any option, which took half the time of encoding one."""

    def __init__(self, app: Flask):
        super().__init__(app)
        self.compact_encoder = json.JSONEncoder(default=self.default, ensure_ascii=self.ensure_ascii,
                                                sort_keys=self.sort_keys, separators=COMPACT_SEPARATORS)

    def compact_response(self, obj):
        """``response(obj)`` (``jsonify``) of a dict, with the compact encoder straight away (``jsonify``
        goes through the proxy, the arguments' checks and ``dumps``' options: about ten calls)."""
        if self.compact is False or (self.compact is None and self._app.debug):
            return self.response(obj)
        return self._app.response_class(f"{self.compact_encoder.encode(obj)}\n", mimetype=self.mimetype)

    def loads(self, s, **kwargs):
        """As Flask's, a body that starts as a JSON object does (``{`` and no NUL after it) decoded as
        UTF-8 first: ``json.loads`` works out that encoding from the first bytes with five calls
        more, and decodes as it would (with ``surrogatepass``); UTF-16 and UTF-32 bodies still go
        its way."""
        if not kwargs and s.__class__ is bytes and s[:1] == b"{" and s[1:2] != b"\x00":
            return json.loads(s.decode("utf-8", "surrogatepass"))
        return super().loads(s, **kwargs)

    def dumps(self, obj, **kwargs) -> str:
        if kwargs.keys() == {"separators"} and kwargs["separators"] == COMPACT_SEPARATORS:
            return self.compact_encoder.encode(obj)
        return super().dumps(obj, **kwargs)
