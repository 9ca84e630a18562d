"""The organizer's pages: forums, their setup, imports and the ideas."""
from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

blueprint = Blueprint("organize", __name__)


@blueprint.before_request
def require_login():
    if request.endpoint != "organize.home" and not current_user.is_authenticated:
        # Only a page can be come back to: after logging in, a POST-only URL would answer 405.
        back = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("auth.login", next=back))


@blueprint.route("/")
def home():
    if current_user.is_authenticated:
        return redirect(url_for("organize.forum_list"))
    return render_template("home.html")


from forum.organize import (  # noqa: E402,F401  (routes)
    actions, ballots, capture, evaluation, forums, ideas, imports, participants, report, review, setup, wall,
)
