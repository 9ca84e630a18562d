"""What a service raises when the input or the forum's state does not allow a request (e.g. the
evaluation is closed, a capture link was switched off); forum.errors turns it into a clear 4xx
page, or JSON with the reason for scripts and the capture page's offline queue."""
from __future__ import annotations


class ServiceError(Exception):
    def __init__(self, status: int, message, reason: str = "invalid"):
        super().__init__(str(message))
        self.status = status
        self.message = message  # may be a lazy translation, rendered in the request's language
        self.reason = reason
