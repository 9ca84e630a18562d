"""The organizer's pages: forums, their setup, imports and the ideas."""
from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from forum.auth.views import login_redirect_for_anonymous
from forum.organize.access import can, current_role, may_post, page_allowed
from forum.roles import ROLE_LABELS

blueprint = Blueprint("organize", __name__)


@blueprint.before_request
def require_login():
    if request.endpoint != "organize.home":
        return login_redirect_for_anonymous()
    return None


# What templates ask of the access rule (globals, so that imported macros such as post_button see them too).
for helper in (can, current_role, may_post, page_allowed):
    blueprint.add_app_template_global(helper)
blueprint.add_app_template_global(ROLE_LABELS.get, "role_label")


@blueprint.route("/")
def home():
    if current_user.is_authenticated:
        return redirect(url_for("organize.forum_list"))
    return render_template("home.html")


from forum.organize import (  # noqa: E402,F401  (routes)
    actions, ballots, capture, codebook, evaluation, forum_deletion, forums, ideas, imports, members, participants,
    preview, progress_news, report, review, series, setup, wall, wall_link,
)
