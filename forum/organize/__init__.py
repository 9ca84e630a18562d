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


@blueprint.route("/")
def home():
    if current_user.is_authenticated:
        return redirect(url_for("organize.forum_list"))
    return render_template("home.html")


from forum.organize import (  # noqa: E402,F401  (routes)
    actions, ballots, capture, codebook, evaluation, forums, ideas, imports, participants, report, review, series,
    setup, wall,
)
