"""The mail the sign-up page sends: to a new account, the link that proves its address; to an address whose account
proved it already, a notice saying so (how to log in, or reset the password); to an address whose account nobody
proved (made by whoever typed it, perhaps not its owner), the link to take that account over. The page says none of
this: only the address's owner reads which it was. Each message is written in the account's language and sent in
the mail lane (``queue_signup_mail``), never in the request: the page answers at the same cost whatever it was and
however slow the mail server; a message not sent is logged by ``send_mail`` and its count against the address's limit
given back."""
from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import ngettext

from forum import ratelimit
from forum.auth.address_tokens import confirmation_token
from forum.auth.takeover_tokens import takeover_token
from forum.extensions import db
from forum.mail import MailNotSent, mail_enabled, send_mail
from forum.models import User
from forum.models.translated import page_language
from forum.services.accounts import Holdings, holdings, mail_language
from forum.urls import public_url

# What the sign-up page mails (``queue_signup_mail``)
CONFIRM, EXISTS, TAKEOVER = "confirm", "exists", "takeover"
ADDRESS_LIMIT = "SIGNUP_ADDRESS_MAIL_LIMIT"


def confirm_days() -> int:
    return max(1, current_app.config["ADDRESS_CONFIRM_MAX_AGE_SECONDS"] // 86400)


def queue_signup_mail(user: User, new: bool) -> None:
    """Hand the sign-up's message to the mail lane (``forum.operations.jobs.submit_mail``): the confirmation link for
    a ``new`` account, else the notice or the takeover link for the account that has the address, which of them
    decided when it is sent (the address may be confirmed meanwhile). The page's language is read now, while it is
    known."""
    from forum.operations.jobs import submit_mail

    submit_mail(current_app._get_current_object(), f"{__name__}.send_signup_mail", CONFIRM if new else EXISTS,
                user.id, page_language(), user.email)


def send_signup_mail(kind: str, user_id: int, language: str, email: str) -> None:
    """The mail lane's work for ``queue_signup_mail`` (``language``: the sign-up page's): nothing when the account is
    gone or its address changed meanwhile; a message not sent gives its count against the address's limit back. To
    an existing account, the notice or the takeover link by its address as it is now; in the account's language, but
    a takeover link in the page's (the account's was chosen by whoever made it, perhaps not the address's owner)."""
    user = db.session.get(User, user_id)
    sent = False
    if user is not None and user.email == email:
        if kind != CONFIRM:
            kind = EXISTS if user.address_confirmed else TAKEOVER
        if kind != TAKEOVER:
            with force_locale(language):
                language = mail_language(user)
        sent = {CONFIRM: send_confirmation_link, EXISTS: _existing_notice, TAKEOVER: _takeover_offer}[kind](
            user, language)
    if not sent:
        ratelimit.give_back(ADDRESS_LIMIT, email)


def send_confirmation_link(user: User, language: str | None = None) -> bool:
    """Mail ``user`` the link that confirms its address; whether it was sent."""
    language = language or mail_language(user)
    link = public_url("auth.confirm_address", token=confirmation_token(user), lang=language)
    with force_locale(language):
        subject = _("Confirm your Forum Workbench address")
        body = ngettext("Hello %(name)s,\n\n"
                        "Confirm that this address is yours by opening this link (it works once, within %(num)d "
                        "day):\n%(link)s\n\n"
                        "If you did not create a Forum Workbench account, ignore this message: the account stays "
                        "unconfirmed.",
                        "Hello %(name)s,\n\n"
                        "Confirm that this address is yours by opening this link (it works once, within %(num)d "
                        "days):\n%(link)s\n\n"
                        "If you did not create a Forum Workbench account, ignore this message: the account stays "
                        "unconfirmed.", confirm_days(), name=user.name, link=link)
    return _sent(user, subject, body)


def _existing_notice(user: User, language: str) -> bool:
    """Tell the owner of ``user``'s address, which the account proved, that someone tried to sign up with it."""
    with force_locale(language):
        subject = _("Your Forum Workbench account")
        body = _("Someone (we hope you) tried to create a Forum Workbench account with this address, which has "
                 "one already.\n\n"
                 "Log in here:\n%(login)s\n\n"
                 "Forgot your password? Ask for a link to choose a new one here:\n%(reset)s\n\n"
                 "If it was not you, ignore this message: your account stays as it is.",
                 login=public_url("auth.login", lang=language),
                 reset=public_url("auth.password_reset_request", lang=language))
    return _sent(user, subject, body)


def _takeover_offer(user: User, language: str) -> bool:
    """Mail the owner of ``user``'s address, which nobody proved, the link to take the account over: perhaps someone
    else made it with their address. Whether it was sent."""
    link = public_url("auth.take_over", token=takeover_token(user), lang=language)
    with force_locale(language):
        subject = _("A Forum Workbench account has your address: take it over")
        intro = ngettext(
            "Someone (perhaps you) tried to create a Forum Workbench account with this address. An account with it "
            "exists already, but nobody has confirmed that the address is theirs: whoever made it may not be you.\n\n"
            "If this address is yours, take the account over here (the link works until the address is confirmed, "
            "within %(num)d day). You choose its name and password, your address is confirmed, and whoever is "
            "logged in to the account is logged out everywhere:\n%(link)s",
            "Someone (perhaps you) tried to create a Forum Workbench account with this address. An account with it "
            "exists already, but nobody has confirmed that the address is theirs: whoever made it may not be you.\n\n"
            "If this address is yours, take the account over here (the link works until the address is confirmed, "
            "within %(num)d days). You choose its name and password, your address is confirmed, and whoever is "
            "logged in to the account is logged out everywhere:\n%(link)s", confirm_days(), link=link)
        held = " ".join(holdings_sentences(holdings(user), language))
        ending = _("If you made this account yourself and forgot its password, the same link lets you choose a new "
                   "one. If this address is not yours, ignore this message.")
    return _sent(user, subject, f"{intro}\n\n{held}\n\n{ending}")


def holdings_sentences(held: Holdings, language: str) -> list[str]:
    """What an account holds, in the current locale's words (the takeover mail's and page's), names in ``language``."""
    names = [_("“%(name)s”", name=name.in_(language)) for name in held.forums + held.series]
    sentences = [_("The account holds: %(names)s. Once it is yours, delete what you did not make (each forum's "
                   "settings page has Delete this forum).", names=", ".join(names))
                 if names else _("The account holds no forum yet.")]
    if held.roles:
        sentences.append(ngettext("Other organizers gave it a role on %(num)d forum, organization or series.",
                                  "Other organizers gave it a role on %(num)d forums, organizations or series.",
                                  held.roles))
    return sentences


def _sent(user: User, subject: str, body: str) -> bool:
    if not mail_enabled():
        return False
    try:
        send_mail(user.email, subject, body, who=f"account #{user.id}")
    except MailNotSent:  # logged
        return False
    return True
