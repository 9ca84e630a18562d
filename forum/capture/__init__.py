"""Facilitators' capture: the page a table's link opens (no account needed) and its JSON API."""
from flask import Blueprint

blueprint = Blueprint("capture", __name__)
api = Blueprint("capture_api", __name__, url_prefix="/api/v1/capture")

from forum.capture import api_views, pages, table_code  # noqa: E402,F401  (routes)
