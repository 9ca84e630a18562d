"""Opening an invitation to co-organize (or to read a series' comparison): accept it when logged in, or
create an account from it."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum import ratelimit
from forum.auth.forms import InvitationSignupForm
from forum.auth.sessions import log_in
from forum.auth.signup_mail import queue_confirmation_link
from forum.auth.takeover_tokens import takeover_token
from forum.auth.views import blueprint
from forum.flashes import flash
from forum.lazy_text import lazy_gettext as _l
from forum.models import Forum, Invitation, Series
from forum.roles import ROLE_IN_SENTENCE
from forum.services import members
from forum.services.accounts import account_of, confirm_address, sign_up


def _accepted(invitation: Invitation, token: str):
    members.accept(invitation, current_user)
    if members.proves_address(token):  # the link came by mail to the address; a copied one proves nothing
        confirm_address(current_user)
    target = invitation.target
    flash(_l("Welcome to “%(name)s”. Your role: %(role)s.", name=target.name,
            role=ROLE_IN_SENTENCE[invitation.role]), "success")
    if isinstance(target, Forum):
        return redirect(url_for("organize.dashboard", forum_id=target.id))
    if isinstance(target, Series):
        return redirect(url_for("organize.series_page", series_id=target.id))
    return redirect(url_for("organize.organization", organization_id=target.id))


@blueprint.route("/invitations/<token>", methods=["GET", "POST"])
@ratelimit.limit("20 per hour", methods=["POST"])
def invitation(token: str):
    invitation = members.invitation_for_token(token)  # 404 / 410 with a message
    if current_user.is_authenticated:
        if not members.is_invited(invitation, current_user):
            return render_template("auth/invitation_other_account.html", invitation=invitation, token=token), 403
        if request.method == "POST":
            return _accepted(invitation, token)
        form = None
    else:
        form = InvitationSignupForm()
        taken = account_of(invitation.email)
        if taken is not None and not taken.address_confirmed and members.proves_address(token):
            # made with the invited address by someone who never proved it (perhaps not its owner, who opened this
            # link from their mail): offered to them to take over, instead of a form that cannot create theirs
            return render_template("auth/invitation.html", invitation=invitation, form=None, token=token,
                                   role=ROLE_IN_SENTENCE[invitation.role],
                                   takeover=url_for("auth.take_over", token=takeover_token(taken),
                                                    next=url_for("auth.invitation", token=token)))
        if form.validate_on_submit():
            proved = members.proves_address(token)
            user = sign_up(invitation.email, form.name.data.strip(), form.password.data, confirmed=proved)
            if user is None:  # (the mailed link offered the take-over of an unconfirmed account above: a copied
                # link, which proves nothing, does not tell whether the account was confirmed)
                form.name.errors.append(_("An account with this email exists already. Log in to accept."))
            else:
                log_in(user)
                accepted = _accepted(invitation, token)
                if not proved:  # its banner says what became of it
                    queue_confirmation_link(user)
                return accepted
    status = 422 if form is not None and form.errors else 200
    return render_template("auth/invitation.html", invitation=invitation, form=form,
                           role=ROLE_IN_SENTENCE[invitation.role], token=token), status
