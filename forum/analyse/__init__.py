"""The organizer's analysis pages: run the analysis, correct the themes, read the priorities."""
from flask import Blueprint

from forum.auth.views import login_redirect_for_anonymous

blueprint = Blueprint("analyse", __name__, url_prefix="/forums/<int:forum_id>/analysis")
blueprint.before_request(login_redirect_for_anonymous)


from forum.analyse import views  # noqa: E402,F401  (routes)
