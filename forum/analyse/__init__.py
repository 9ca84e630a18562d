"""The organizer's analysis pages: run the analysis, correct the themes, read the priorities."""
from flask import Blueprint, redirect, request, url_for
from flask_login import current_user

blueprint = Blueprint("analyse", __name__, url_prefix="/forums/<int:forum_id>/analysis")


@blueprint.before_request
def require_login():
    if not current_user.is_authenticated:
        # Only a page can be come back to: after logging in, a POST-only URL would answer 405.
        back = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("auth.login", next=back))


from forum.analyse import views  # noqa: E402,F401  (routes)
