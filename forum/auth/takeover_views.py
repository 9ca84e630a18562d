"""Taking over an account someone made with one's address without proving it: the page a takeover link opens
(``auth.takeover_tokens``), mailed to the address by the sign-up page or an invitation. It says what the account holds;
its form gives the account the owner's name and password, confirms the address and logs everyone out of it."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for

from forum import ratelimit
from forum.auth.forms import TakeoverForm
from forum.auth.sessions import log_out
from forum.auth.signup_mail import holdings_sentences
from forum.auth.takeover_tokens import account_to_take_over
from forum.auth.views import blueprint
from forum.flashes import flash
from forum.lazy_text import lazy_gettext as _l
from forum.models.translated import page_language
from forum.services import accounts
from forum.urls import safe_local_url


@blueprint.route("/account/take-over/<token>", methods=["GET", "POST"])
@ratelimit.limit("20 per hour", methods=["POST"])
def take_over(token: str):
    user = account_to_take_over(token)  # 404 / 410 with a message
    form = TakeoverForm(name=user.name)
    if form.validate_on_submit():
        accounts.take_over(user, form.name.data.strip(), form.password.data, page_language())
        log_out()  # any login of this browser ends (it may be the account's), and its session keeps nothing personal
        flash(_l("The account is yours: your address is confirmed, and whoever was logged in to the account is "
                 "logged out everywhere. Log in with your new password."), "success")
        return redirect(url_for("auth.login", email=user.email, next=safe_local_url(request.args.get("next"), None)))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/take_over.html", form=form, email=user.email,
                           held=holdings_sentences(accounts.holdings(user), page_language())), status
