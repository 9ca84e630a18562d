"""Pages reached by an unguessable link, without an account: the shared report and the review links."""
from flask import Blueprint

blueprint = Blueprint("public", __name__)

from forum.public import unsubscribe, views  # noqa: E402,F401  (routes)
