"""The app's request class: Flask's, with each JSON body checked as it is parsed (forum/text_input.py),
its cookies read from the one ``Cookie`` field of the WSGI environ, and whether it posts JSON worked
out once."""
from __future__ import annotations

from functools import cached_property as cached_attribute

from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.http import parse_cookie

from forum.text_input import CheckedRequest


class ForumRequest(CheckedRequest):
    new_device_token: str | None = None  # a participant's device token made by this request (forum/participate/device.py)
    participant_forum = None  # the forum of a participant's page, once found (forum/participate/common.py)
    # Under a committee member's link (/c/), the address of its forum's public progress page when the organizers
    # shared it: their error pages lead there, a member having no home page (forum/committee/views.py).
    committee_progress_url: str | None = None
    request_id: str | None = None  # the request log's (forum/operations/request_log.py)
    request_started: float | None = None

    @cached_attribute
    def cookies(self) -> ImmutableMultiDict[str, str]:
        """As Werkzeug's, which gathers every ``Cookie`` header by walking the whole environ (each of
        its keys looked at, for every request that reads a cookie, as the session and the device
        token do); a WSGI environ holds one ``HTTP_COOKIE`` at most. Read like an attribute once made
        (Werkzeug's ``cached_property`` runs three calls on every read)."""
        return parse_cookie(self.environ, cls=self.dict_storage_class)

    @cached_attribute
    def posts_json(self) -> bool:
        """A POST of a JSON body (a phone's offline queue), asked three or four times by a participant's
        submission: worked out once, then an attribute of the request (``functools.cached_property``,
        which Werkzeug's is not: Werkzeug's runs a Python call on every read)."""
        return self.method == "POST" and self.is_json
