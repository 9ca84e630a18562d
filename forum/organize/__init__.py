"""The organizer's pages: forums, their setup, imports and the ideas."""
from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from forum.auth.views import login_redirect_for_anonymous

blueprint = Blueprint("organize", __name__)


@blueprint.before_request
def require_login():
    if request.endpoint != "organize.home":
        return login_redirect_for_anonymous()
    return None


@blueprint.app_context_processor
def access_helpers():
    from forum.organize.access import can, current_role, page_allowed
    from forum.roles import ROLE_LABELS

    return {"can": can, "page_allowed": page_allowed, "current_role": current_role, "role_label": ROLE_LABELS.get}


@blueprint.route("/")
def home():
    if current_user.is_authenticated:
        return redirect(url_for("organize.forum_list"))
    return render_template("home.html")


from forum.organize import (  # noqa: E402,F401  (routes)
    actions, ballots, capture, evaluation, forums, ideas, imports, members, participants, report, review, setup, wall,
)
