"""Organizer accounts: sign up, log in, log out."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum import ratelimit
from forum.auth.forms import LoginForm, SignupForm
from forum.auth.sessions import log_in, log_out
from forum.flashes import flash
from forum.input_filters import normal_email
from forum.lazy_text import lazy_gettext as _l
from forum.services.accounts import account_of, end_sessions, sign_up
from forum.urls import safe_local_url, this_page

blueprint = Blueprint("auth", __name__)


def login_redirect_for_anonymous():
    """A ``before_request`` guard for organizer blueprints: anonymous visitors go to the login page.

    Only a page can be come back to: after logging in, a POST-only URL would answer 405.
    """
    if not current_user.is_authenticated:
        back = this_page() if request.method == "GET" else None
        return redirect(url_for("auth.login", next=back))
    return None


@blueprint.route("/signup", methods=["GET", "POST"])
@ratelimit.limit("20 per hour", methods=["POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("organize.forum_list"))
    form = SignupForm()
    if form.validate_on_submit():
        user = sign_up(normal_email(form.email.data), form.name.data.strip(), form.password.data)
        if user is None:
            form.email.errors.append(_("An account with this email exists already. Log in instead."))
        else:
            log_in(user)
            flash(_l("Welcome, %(name)s. Create your first forum.", name=user.name), "success")
            return redirect(url_for("organize.forum_list"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/signup.html", form=form), status


def _failed(response) -> bool:
    return response.status_code >= 400


# Wrong passwords count per account (checked before the password, so guessing one account stops
# there) and, as a flood guard only, per address: many organizers may share an office's address.
@blueprint.route("/login", methods=["GET", "POST"])
@ratelimit.limit(lambda: current_app.config["LOGIN_ADDRESS_LIMIT"], methods=["POST"], count_when=_failed)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("organize.forum_list"))
    form = LoginForm(email=request.args.get("email", "")[:254] or None)
    status = 422 if form.is_submitted() else 200
    if form.validate_on_submit():
        email = normal_email(form.email.data)
        if not ratelimit.allowed("LOGIN_ACCOUNT_LIMIT", email):
            form.password.errors.append(_("Too many wrong passwords for this account. Wait a few minutes, "
                                          "or reset the password."))
            return render_template("auth/login.html", form=form), 429, ratelimit.retry_after("LOGIN_ACCOUNT_LIMIT", email)
        user = account_of(email)
        if user is not None and user.check_password(form.password.data):
            log_in(user, remember=form.remember.data)
            return redirect(safe_local_url(request.args.get("next"), url_for("organize.forum_list")))
        ratelimit.count("LOGIN_ACCOUNT_LIMIT", email)
        form.password.errors.append(_("Wrong email or password."))
    return render_template("auth/login.html", form=form), status


@blueprint.route("/logout", methods=["POST"])
@login_required
def logout():
    end_sessions(current_user._get_current_object())  # a copied session or remember-me cookie dies too
    log_out()  # and nothing personal stays in this browser's session
    flash(_l("You are logged out."), "info")  # translated by the page that shows it
    return redirect(safe_local_url(request.form.get("next"), url_for("auth.login")))


from forum.auth import invitation_views, password_views  # noqa: E402,F401  (on this blueprint)
