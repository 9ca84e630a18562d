"""The mail the sign-up page sends: to a new account, the link that proves its address; to an address whose account
proved it already, a notice saying so (how to log in, or reset the password); to an address whose account nobody
proved (made by whoever typed it, perhaps not its owner), the link to take that account over. The page says none of
this: only the address's owner reads which it was. The link to confirm an address goes again from the account's
banner ("Send the link again") and to an account made from a copied invitation link. Each message is written in the
account's language and sent by a job of the mail lane (``forum.services.account_mail``), never in the request: the
page answers at the same cost whatever it was and however slow the mail server; what became of it is kept with the
job (a message not sent gives its count against the request's bound back)."""
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
from forum.models import Job, User
from forum.models.translated import page_language
from forum.services import account_mail
from forum.services.account_mail import CONFIRM, EXISTS, FAILED, REFUSED, SENT
from forum.services.accounts import Holdings, holdings, mail_language
from forum.services.jobs import record_counts
from forum.services.review_mail import NOT_ASKED
from forum.urls import at_public_url, public_url

TAKEOVER = "takeover"  # what an EXISTS job sends to an address nobody proved
ADDRESS_LIMIT = "SIGNUP_ADDRESS_MAIL_LIMIT"


def confirm_days() -> int:
    return max(1, current_app.config["ADDRESS_CONFIRM_MAX_AGE_SECONDS"] // 86400)


def queue_signup_mail(user: User, new: bool) -> None:
    """Hand the sign-up's message to the mail lane: the confirmation link for a ``new`` account, else the notice or
    the takeover link for the account that has the address, which of them decided when it is sent (the address may
    be confirmed meanwhile), its count against the address's ADDRESS_LIMIT given back if it is not sent."""
    _queue(user, CONFIRM if new else EXISTS, (ADDRESS_LIMIT, user.email))


def queue_confirmation_link(user: User, given_back: tuple = ()) -> None:
    """Hand the link confirming ``user``'s address to the mail lane; ``given_back``: the bound it was counted against
    (``account_mail.queue``). Its banner says what became of it (``account_mail.confirmation_state``)."""
    _queue(user, CONFIRM, given_back)


def _queue(user: User, mail: str, given_back: tuple) -> None:
    """The page's language is read now, while it is known. Mail off, nothing is queued (the pages say this server
    sends none). Redis out of reach, this process's mail thread sends it: the account asked for is made, and its
    message must not be lost."""
    from forum.operations.jobs import submit

    if not mail_enabled():
        if given_back:
            ratelimit.give_back(*given_back)
        return
    job = account_mail.queue(user, mail, page_language(), given_back)
    submit(current_app._get_current_object(), job.id, here_without_redis=True)


def send_for_job(job: Job) -> str:
    """An account mail job's work (``account_mail.queue``): SENT, FAILED or REFUSED, kept with the job; NOT_ASKED
    when the account is gone or its address changed meanwhile. A message not sent gives its count back. To an
    existing account, the notice or the takeover link by its address as it is now; in the account's language, but a
    takeover link in the page's (the account's was chosen by whoever made it, perhaps not the address's owner)."""
    parameters = job.parameters or {}
    kind, language = parameters.get("mail"), parameters.get("language")
    user = db.session.get(User, job.user_id) if job.user_id is not None else None
    outcome = NOT_ASKED
    if user is not None and user.email == parameters.get("email"):
        if kind != CONFIRM:
            kind = EXISTS if user.address_confirmed else TAKEOVER
        if kind != TAKEOVER:
            with force_locale(language):
                language = mail_language(user)
        with at_public_url():
            outcome = {CONFIRM: send_confirmation_link, EXISTS: _existing_notice, TAKEOVER: _takeover_offer}[kind](
                user, language)
    if outcome != SENT and parameters.get("given_back"):
        ratelimit.give_back(*parameters["given_back"])
    record_counts(job.id, {"outcome": outcome}, 100)
    return outcome


def send_confirmation_link(user: User, language: str | None = None) -> str:
    """Mail ``user`` the link that confirms its address: SENT, or why not (``_sent``)."""
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


def _existing_notice(user: User, language: str) -> str:
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


def _takeover_offer(user: User, language: str) -> str:
    """Mail the owner of ``user``'s address, which nobody proved, the link to take the account over: perhaps someone
    else made it with their address. SENT, or why not (``_sent``)."""
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


def _sent(user: User, subject: str, body: str) -> str:
    """SENT; FAILED when it was not (mail off, the server out of reach or busy: logged), REFUSED when the server will
    never take it for this address (``forum.mail.refused_for_good``)."""
    if not mail_enabled():
        return FAILED
    try:
        send_mail(user.email, subject, body, who=f"account #{user.id}")
    except MailNotSent as error:  # logged
        return REFUSED if error.refused_for_good else FAILED
    return SENT
