"""Changing a password (logged in, with the current one) and resetting it through an e-mailed link."""
from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from forum import ratelimit
from forum.auth.forms import NewPasswordForm, PasswordChangeForm, ResetRequestForm
from forum.auth.reset_tokens import reset_token, user_for_reset_token
from forum.auth.sessions import log_out
from forum.auth.views import blueprint
from forum.errors import abort_with
from forum.flashes import flash
from forum.lazy_text import lazy_gettext as _l
from forum.mail import MailNotSent, mail_enabled, send_mail
from forum.models import User
from forum.services.accounts import account_of, change_password, confirm_address, mail_language
from forum.urls import public_url


def _status(form) -> int:
    return 422 if form.is_submitted() else 200


@blueprint.route("/account/password", methods=["GET", "POST"])
@login_required
def password_change():
    form = PasswordChangeForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        # A borrowed session must not guess its way to the password: wrong ones count like at login.
        if not ratelimit.allowed("LOGIN_ACCOUNT_LIMIT", user.email):
            form.current.errors.append(_("Too many wrong passwords for this account. Wait a few minutes, "
                                         "or reset the password."))
            return (render_template("auth/password_change.html", form=form), 429,
                    ratelimit.retry_after("LOGIN_ACCOUNT_LIMIT", user.email))
        if user.check_password(form.current.data):
            remembered = request.cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token"))
            change_password(user, form.password.data)
            login_user(user, remember=bool(remembered))  # this device stays logged in, under the new token
            flash(_l("Your password is changed. You were logged out on your other devices."), "success")
            return redirect(url_for("organize.forum_list"))
        ratelimit.count("LOGIN_ACCOUNT_LIMIT", user.email)
        form.current.errors.append(_("This is not your current password."))
    return render_template("auth/password_change.html", form=form), _status(form)


@blueprint.route("/password/reset", methods=["GET", "POST"])
@ratelimit.limit(lambda: current_app.config["PASSWORD_RESET_LIMIT"], methods=["POST"])
def password_reset_request():
    if not mail_enabled():
        return render_template("auth/password_reset_request.html", form=None)
    form = ResetRequestForm()
    if form.validate_on_submit():
        user = account_of(form.email.data)
        # Many network addresses must not flood one inbox; past the limit nothing is sent, silently.
        if user is not None and ratelimit.count("PASSWORD_RESET_ACCOUNT_LIMIT", user.email):
            _send_reset_link(user)
        # The same answer whether or not an account has this address, its limit is reached, or its mail was not sent
        # (a 503 for the accounts' addresses only would tell which addresses have one).
        flash(_l("If an account has this address, a link to choose a new password is on its way. "
                 "It works once, within an hour. If none arrives within a few minutes, ask again."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/password_reset_request.html", form=form), _status(form)


def _send_reset_link(user: User) -> None:
    """Mail the account its link; when the mail is not sent (logged in one line by ``send_mail``), the account's limit
    is given back and nothing else is said: the person asking is answered as for an address without an account."""
    language = mail_language(user)  # the account's language, else the page's that asked for the reset
    # the page the link opens speaks the mail's language, whichever browser or device opens it
    link = public_url("auth.password_reset", token=reset_token(user), lang=language)
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE_SECONDS"] // 60
    with force_locale(language):
        body = _("Someone (we hope you) asked to reset the password of your Forum Workbench account.\n\n"
                 "Choose a new password here (the link works once, within %(minutes)d minutes):\n%(link)s\n\n"
                 "If it was not you, ignore this message: your password stays as it is.", minutes=minutes, link=link)
        subject = _("Reset your Forum Workbench password")
    try:
        send_mail(user.email, subject, body, who=f"account #{user.id}")
    except MailNotSent:  # logged: the server is down or refused it, or the address cannot be written
        ratelimit.give_back("PASSWORD_RESET_ACCOUNT_LIMIT", user.email)  # not sent: not counted against the account


@blueprint.route("/password/reset/<token>", methods=["GET", "POST"])
def password_reset(token: str):
    user = user_for_reset_token(token)
    if user is None:
        abort_with(404, _("This link to choose a new password is not valid any more: each link works once, "
                          "for a limited time. Ask for a new one."))
    form = NewPasswordForm()
    if form.validate_on_submit():
        change_password(user, form.password.data)
        confirm_address(user)  # the link came by mail to the address
        log_out()  # any login of this browser ends, and its session keeps nothing personal (sessions.log_out)
        flash(_l("Your password is changed. Log in with it."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/password_reset.html", form=form), _status(form)
