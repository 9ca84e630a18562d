"""Pages reached by an unguessable link, without an account: the shared report, the review links and the
wall's view-only link."""
from flask import Blueprint

blueprint = Blueprint("public", __name__)

from forum.public import news_confirm, review_mail, unsubscribe, views, wall  # noqa: E402,F401  (routes)
