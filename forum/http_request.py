"""The app's request class: Flask's, with each JSON body checked as it is parsed (forum/text_input.py),
and its cookies read from the one ``Cookie`` field of the WSGI environ."""
from __future__ import annotations

from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.http import parse_cookie
from werkzeug.utils import cached_property

from forum.text_input import CheckedRequest


class ForumRequest(CheckedRequest):
    @cached_property
    def cookies(self) -> ImmutableMultiDict[str, str]:
        """As Werkzeug's, which gathers every ``Cookie`` header by walking the whole environ (each of
        its keys looked at, for every request that reads a cookie, as the session and the device
        token do); a WSGI environ holds one ``HTTP_COOKIE`` at most."""
        return parse_cookie(self.environ, cls=self.dict_storage_class)
