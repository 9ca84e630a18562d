"""Organizer accounts: sign up, log in, log out."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum import ratelimit
from forum.auth.address_tokens import account_to_confirm
from forum.auth.forms import LoginForm, SignupForm
from forum.auth.passwords import check_without_account
from forum.auth.sessions import log_in, log_out, login_digest, login_runs_out_at
from forum.auth.signup_mail import ADDRESS_LIMIT, confirm_days, queue_confirmation_link, queue_signup_mail
from forum.flashes import flash
from forum.input_filters import normal_email
from forum.lazy_text import lazy_gettext as _l
from forum.mail import mail_enabled
from forum.services import accounts
from forum.services.accounts import account_of, sign_up
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


# A new address and one that has an account already get the same answer (the page saying a mail is on its way) at
# the same cost (a password hashed, a mail handed to the mail lane): only the address's owner reads which it was, in
# the mail (signup_mail).
@blueprint.route("/signup", methods=["GET", "POST"])
@ratelimit.limit("20 per hour", methods=["POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("organize.forum_list"))
    form = SignupForm()
    if form.validate_on_submit():
        email = normal_email(form.email.data)
        user = sign_up(email, form.name.data.strip(), form.password.data, confirmed=False)
        existing = user is None
        if existing:
            check_without_account(form.password.data)
            user = account_of(email)
        # past the address's limit nothing more is sent to it, silently: the page must not flood someone's inbox
        if user is not None and ratelimit.count(ADDRESS_LIMIT, email):
            queue_signup_mail(user, new=not existing)
        return redirect(url_for("auth.signup_sent"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/signup.html", form=form), status


@blueprint.route("/signup/sent")
def signup_sent():
    return render_template("auth/signup_sent.html", days=confirm_days(), mail_on=mail_enabled())


@blueprint.route("/account/confirm/<token>", methods=["GET", "POST"])
@ratelimit.limit("20 per hour", methods=["POST"])
def confirm_address(token: str):
    """The link mailed at sign-up: a page with a button (a mail program or scanner opening the link confirms
    nothing), whose press confirms the address."""
    user = account_to_confirm(token)  # 404 / 410 with a message
    if request.method == "POST":
        accounts.confirm_address(user)
        flash(_l("Your address %(email)s is confirmed.", email=user.email), "success")
        if current_user.is_authenticated:
            return redirect(url_for("organize.forum_list"))
        return redirect(url_for("auth.login", email=user.email))
    return render_template("auth/confirm_address.html", email=user.email)


@blueprint.route("/account/confirm", methods=["POST"])
@login_required
def confirm_address_again():
    """The banner's "Send the link again": a new link to the account's address, within ADDRESS_CONFIRM_RESEND_LIMIT,
    sent by the mail lane (the page does not wait for the mail server)."""
    user = current_user._get_current_object()
    back = safe_local_url(request.form.get("next"), url_for("organize.forum_list"))
    if user.address_confirmed:
        return redirect(back)
    if not ratelimit.count("ADDRESS_CONFIRM_RESEND_LIMIT", user.id):
        ratelimit.refuse(_("Several links were sent to your address already: wait a while, and look in your spam "
                           "folder meanwhile."), ("ADDRESS_CONFIRM_RESEND_LIMIT", user.id))
    queue_confirmation_link(user, ("ADDRESS_CONFIRM_RESEND_LIMIT", user.id))  # its banner says what became of it
    return redirect(back)


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
        right = user.check_password(form.password.data) if user else check_without_account(form.password.data)
        if right:
            log_in(user, remember=form.remember.data)
            return redirect(safe_local_url(request.args.get("next"), url_for("organize.forum_list")))
        ratelimit.count("LOGIN_ACCOUNT_LIMIT", email)
        form.password.errors.append(_("Wrong email or password."))
    return render_template("auth/login.html", form=form), status


@blueprint.route("/logout", methods=["POST"])
@login_required
def logout():
    """Log out on this device: the account's logins on its other devices go on."""
    user = current_user._get_current_object()
    accounts.end_this_login(user, login_digest(user.get_id()), login_runs_out_at(user))  # a copied cookie dies too
    log_out()  # and nothing personal stays in this browser's session
    flash(_l("You are logged out."), "info")  # translated by the page that shows it
    return redirect(safe_local_url(request.form.get("next"), url_for("auth.login")))


@blueprint.route("/logout/everywhere", methods=["POST"])
@login_required
def logout_everywhere():
    """Log out on every device (a phone lost, a computer left logged in somewhere)."""
    accounts.end_sessions(current_user._get_current_object())
    log_out()
    flash(_l("You are logged out on every device."), "info")
    return redirect(url_for("auth.login"))


# on this blueprint
from forum.auth import confirmation_banner, invitation_views, password_views, takeover_views  # noqa: E402,F401
