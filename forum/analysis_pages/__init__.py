"""The organizer's analysis pages: run the analysis, correct the themes, read the priorities."""
from flask import Blueprint

from forum.auth.views import login_redirect_for_anonymous

blueprint = Blueprint("analysis_pages", __name__, url_prefix="/forums/<int:forum_id>/analysis")
blueprint.before_request(login_redirect_for_anonymous)


from forum.analysis_pages import views  # noqa: E402,F401  (routes)
from forum.analysis_pages import board  # noqa: E402,F401  (routes)
