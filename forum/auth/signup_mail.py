"""The mail the sign-up page sends: to a new account, the link that proves its address; to an address that has an
account already, a notice saying so (how to log in, or reset the password) instead of a page telling whoever typed
it. Each is written in the account's language and sent now; a mail not sent is logged by ``send_mail`` and the
person asking is answered the same."""
from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import ngettext

from forum.auth.address_tokens import confirmation_token
from forum.mail import MailNotSent, mail_enabled, send_mail
from forum.models import User
from forum.services.accounts import mail_language
from forum.urls import public_url


def confirm_days() -> int:
    return max(1, current_app.config["ADDRESS_CONFIRM_MAX_AGE_SECONDS"] // 86400)


def send_confirmation_link(user: User) -> bool:
    """Mail ``user`` the link that confirms its address; whether it was sent."""
    language = mail_language(user)
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


def send_existing_account_notice(user: User) -> bool:
    """Tell the owner of ``user``'s address that someone tried to sign up with it; whether it was sent."""
    language = mail_language(user)
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


def _sent(user: User, subject: str, body: str) -> bool:
    if not mail_enabled():
        return False
    try:
        send_mail(user.email, subject, body, who=f"account #{user.id}")
    except MailNotSent:  # logged
        return False
    return True
