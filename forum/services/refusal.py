"""What a service raises when the forum's state does not allow a write (e.g. the evaluation is
closed); the app turns it into a clear 4xx page or JSON error (see forum.errors)."""
from __future__ import annotations


class Refused(Exception):
    def __init__(self, code: int, message):
        super().__init__(str(message))
        self.code = code
        self.message = message  # may be a lazy translation, rendered in the request's language
