"""What the banner of an account whose address is not confirmed says of the latest link mailed to confirm it (the
sign-up page's, "Send the link again", a copied invitation link's): on its way, sent, not sent (to send again), or
the address refused for good (``account_mail.confirmation_state``, read only when the banner is shown)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user

from forum.auth.views import blueprint
from forum.services.account_mail import FAILED, QUEUED, REFUSED, confirmation_state


@blueprint.app_context_processor
def inject():
    return {"confirmation_mail": confirmation_mail}


def confirmation_mail() -> tuple[str, bool]:
    """What the banner says of the latest link to the logged-in account's address (``confirmation_state``; "" when
    none is known or it was sent: the banner's usual sentence says a link was sent), and whether it offers to send
    one again (not to an address refused for good)."""
    state = confirmation_state(current_user)
    email = current_user.email
    if state == QUEUED:
        return _("A link to confirm your address is on its way to %(email)s.", email=email), True
    if state == FAILED:
        return _("The link to confirm your address could not be sent to %(email)s just now. Send it again in a few "
                 "minutes.", email=email), True
    if state == REFUSED:
        return _("The mail server refused %(email)s: no message can reach it, so no link can confirm it. Ask the "
                 "person who runs this server to confirm your address.", email=email), False
    return "", True
