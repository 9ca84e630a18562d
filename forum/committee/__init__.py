"""The steering committee's page, reached through a member's personal link (/c/<token>), no password."""
from flask import Blueprint

blueprint = Blueprint("committee", __name__, url_prefix="/c/<token>")

from forum.committee import views  # noqa: E402,F401  (routes)
