"""Co-organizers: a forum's or an organization's members, invitations, roles, handing a forum over. The
invitations, removals and withdrawals here serve a series' viewers too (forum.organize.series)."""
from __future__ import annotations

from flask import current_app, redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from forum import ratelimit
from forum.confirmation import ask_to_confirm, confirmed
from forum.extensions import db
from forum.flashes import flash
from forum.input_filters import normal_email
from forum.lazy_text import lazy_gettext as _l
from forum.lazy_text import lazy_ngettext as _ln
from forum.mail import MailNotSent, mail_enabled, send_mail
from forum.models import Forum, Invitation, Membership, Organization, Series
from forum.organize import blueprint
from forum.organize.access import checked_organization, owned_forum, requires
from forum.organize.member_forms import (EditedOrganizationForm, ForumOrganizationForm, InviteForm, NewOrganizationForm,
                                        OrganizationDeleteForm, OrganizationForm, RoleForm, TransferForm)
from forum.roles import (
    MEMBER_ROLES, ORGANIZATION_ROLE_DESCRIPTIONS, ROLE_DESCRIPTIONS, ROLE_IN_SENTENCE, ROLE_LABELS, Action,
)
from forum.services import members
from forum.services import series as series_service
from forum.services.accounts import mail_language_of
from forum.services.errors import ServiceError
from forum.services.seen_values import ChangedMeanwhile
from forum.urls import public_url


def _page_url(target: members.Target) -> str:
    if isinstance(target, Forum):
        return url_for("organize.members_page", forum_id=target.id)
    if isinstance(target, Series):
        return url_for("organize.series_page", series_id=target.id, _anchor="viewers-h")
    return url_for("organize.organization", organization_id=target.id)


def _own(target: members.Target, model, row_id: int):
    """A membership or invitation of ``target`` (404 otherwise)."""
    row = db.session.get(model, row_id)
    if row is None or getattr(row, members.target_column(target)) != target.id:
        raise ServiceError(404, _("This member or invitation is not part of this page."), "not_found")
    return row


def invitation_link(invitation: Invitation) -> str:
    """The invitation's link an organizer copies to send themselves (without a language: the invitee's browser
    chooses). It does not prove the address: an account made from it confirms its address by mail."""
    return public_url("auth.invitation", token=members.invitation_token(invitation))


def _mailed_invitation_link(invitation: Invitation, lang: str) -> str:
    """The link in the invitation's mail, in the mail's language: opening it proves the address."""
    return public_url("auth.invitation", token=members.invitation_token(invitation, mailed=True), lang=lang)


def _send_invitation(invitation: Invitation) -> bool:
    """E-mail the link; False when mail is off or the server failed (the page then shows the link to copy)."""
    if not mail_enabled():
        return False
    if not ratelimit.allowed("INVITATION_MAIL_LIMIT", current_user.id):
        flash(_l("Your account has sent many invitation e-mails in a short time: this one was not sent."), "error")
        return False
    target = invitation.target
    language = mail_language_of(invitation.email)  # an invitee with an account: in its language
    days, link = current_app.config["INVITATION_DAYS"], _mailed_invitation_link(invitation, language)
    with force_locale(language):
        if isinstance(target, Series):
            body = _("%(inviter)s invites you to read the comparison of the editions of “%(name)s” in Forum "
                     "Workbench: participation, evaluation, themes and action items done, year over year.\n\n"
                     "Open this link to accept (it works for %(days)d days; you can create an account there):\n"
                     "%(link)s\n", inviter=current_user.name, name=target.name, days=days, link=link)
        else:
            body = _("%(inviter)s invites you to work on “%(name)s” in Forum Workbench, as %(role)s.\n\n"
                     "Open this link to accept (it works for %(days)d days; you can create an account there):\n"
                     "%(link)s\n", inviter=current_user.name, name=target.name,
                     role=ROLE_IN_SENTENCE[invitation.role], days=days, link=link)
        subject = _("Invitation to “%(name)s” — Forum Workbench", name=target.name)
    try:
        send_mail(invitation.email, subject, body, who=f"invitation #{invitation.id}")
    except MailNotSent:  # logged: the server is down or refused it, or the address cannot be written
        flash(_l("The e-mail could not be sent just now: copy the link below and send it yourself."), "error")
        return False
    ratelimit.count("INVITATION_MAIL_LIMIT", current_user.id)
    return True


def _members_page(target: Forum | Organization, invite_form: InviteForm, status: int = 200, **extra):
    rows = members.members_of(target)
    return render_template(
        "organize/members.html", target=target, forum=target if isinstance(target, Forum) else None,
        organization=target if isinstance(target, Organization) else None, members=rows,
        invitations=[(invitation, invitation_link(invitation)) for invitation in members.pending_invitations(target)],
        invite_form=invite_form, roles=MEMBER_ROLES, role_labels=ROLE_LABELS,
        role_descriptions=ORGANIZATION_ROLE_DESCRIPTIONS if isinstance(target, Organization) else ROLE_DESCRIPTIONS,
        mail_on=mail_enabled(), page_url=_page_url(target), **extra), status


def invite_from(form, target: members.Target, role: str):
    """Invite the form's address (validated) and e-mail the link; a refusal goes to the form's e-mail
    field and is raised again for the page to show the form with it."""
    email = normal_email(form.email.data)
    waiting = any(invitation.email == email for invitation in members.pending_invitations(target))
    try:
        invitation, new = members.invite(target, email, role, by=current_user, client_id=form.client_id.data or None)
    except ServiceError as refused:
        form.email.errors.append(str(refused.message))
        raise
    if not new:  # sent twice (a double tap): invited and mailed once
        return redirect(_page_url(target))
    sent = _send_invitation(invitation)
    if sent:
        flash(_l("Invitation sent to %(email)s.", email=email), "success")
    else:
        flash(_l("Invitation ready for %(email)s: copy its link below.", email=email), "info")
    if waiting:  # the new invitation replaced it: a link the organizer may have sent by hand stopped working
        flash(_l("%(email)s had an invitation waiting already: its link no longer works, only the one just sent.",
                 email=email) if sent else
              _l("%(email)s had an invitation waiting already: its link no longer works. Send this new one.",
                 email=email), "warning")
    return redirect(_page_url(target))


def _invite(target: Forum | Organization, extra: dict):
    form = InviteForm()
    if form.validate_on_submit():
        try:
            return invite_from(form, target, form.role.data)
        except ServiceError as refused:
            return _members_page(target, form, refused.status, **extra)
    return _members_page(target, form, 422 if form.errors else 200, **extra)


def _change_role(target, membership_id: int):
    form = RoleForm()
    membership = _own(target, Membership, membership_id)
    if not form.validate_on_submit():
        if not form.role.errors:
            raise ServiceError(422, _("Choose a role: organizer, analyst or viewer."), "unknown_role")
        # the page again, the member's row open at their role's choices, which say what was wrong
        extra = _forum_extra(target) if isinstance(target, Forum) else _organization_extra(target)
        return _members_page(target, InviteForm(formdata=None), 422, role_form=form, role_member_id=membership.id,
                             **extra)
    members.change_role(membership, form.role.data)
    flash(_l("New role of %(name)s: %(role)s.", name=membership.user.name, role=ROLE_IN_SENTENCE[form.role.data]),
          "success")
    return redirect(_page_url(target))


def remove_member(target, membership_id: int):
    membership = _own(target, Membership, membership_id)
    name = membership.user.name
    if not confirmed():
        return ask_to_confirm(
            _("Remove %(name)s?", name=name),
            _("They will no longer see this forum.") if isinstance(target, Forum)
            else _("They will no longer see this series' comparison.") if isinstance(target, Series)
            else _("They will no longer see this organization's forums."),
            _("Remove"), _page_url(target))
    members.remove_member(membership)
    flash(_l("%(name)s no longer has a role here.", name=name), "success")
    return redirect(_page_url(target))


def withdraw_invitation(target, invitation_id: int):
    invitation = _own(target, Invitation, invitation_id)
    if invitation.is_pending and not confirmed():
        return ask_to_confirm(
            _("Withdraw the invitation to %(email)s?", email=invitation.email),
            _("Its link stops working at once, and it cannot be switched on again: to let them in, invite them "
              "again (they get a new link)."),
            _("Withdraw"), _page_url(target))
    members.revoke_invitation(invitation)
    flash(_l("The invitation to %(email)s is withdrawn: its link no longer works.", email=invitation.email), "success")
    return redirect(_page_url(target))


# -- a forum's members -------------------------------------------------------------------------

def _forum_extra(forum: Forum) -> dict:
    transfer = TransferForm()
    transfer.membership_id.choices = [(m.id, f"{m.user.name} ({m.user.email})")
                                      for m in members.members_of(forum)]
    place = ForumOrganizationForm(organization_id=forum.organization_id or 0)
    place.organization_id.choices = [(0, _("None"))] + [
        (organization.id, organization.name)
        for organization, _role in members.organizations_of(current_user, role="organizer")]
    if forum.organization and forum.organization_id not in dict(place.organization_id.choices):
        place.organization_id.choices.append((forum.organization_id, forum.organization.name))
    return {"transfer_form": transfer, "organization_form": place}


@blueprint.route("/forums/<int:forum_id>/members", methods=["GET", "POST"])
@requires(Action.MEMBERS)
def members_page(forum_id: int):
    forum = owned_forum(forum_id)
    return _invite(forum, _forum_extra(forum))


@blueprint.route("/forums/<int:forum_id>/members/<int:membership_id>/role", methods=["POST"])
@requires(Action.MEMBERS)
def member_role(forum_id: int, membership_id: int):
    return _change_role(owned_forum(forum_id), membership_id)


@blueprint.route("/forums/<int:forum_id>/members/<int:membership_id>/remove", methods=["POST"])
@requires(Action.MEMBERS)
def member_remove(forum_id: int, membership_id: int):
    return remove_member(owned_forum(forum_id), membership_id)


@blueprint.route("/forums/<int:forum_id>/invitations/<int:invitation_id>/revoke", methods=["POST"])
@requires(Action.MEMBERS)
def invitation_revoke(forum_id: int, invitation_id: int):
    return withdraw_invitation(owned_forum(forum_id), invitation_id)


@blueprint.route("/forums/<int:forum_id>/owner", methods=["POST"])
@requires(Action.OWN)
def owner_transfer(forum_id: int):
    forum = owned_forum(forum_id)
    extra = _forum_extra(forum)
    form = extra["transfer_form"]
    if not form.validate_on_submit():
        return _members_page(forum, InviteForm(formdata=None), 422, **extra)
    membership = _own(forum, Membership, form.membership_id.data)
    name = membership.user.name
    members.transfer_ownership(forum, membership)
    flash(_l("%(name)s now owns this forum; you are one of its organizers.", name=name), "success")
    return redirect(url_for("organize.members_page", forum_id=forum.id))


@blueprint.route("/forums/<int:forum_id>/organization", methods=["POST"])
@requires(Action.OWN)
def forum_organization(forum_id: int):
    forum = owned_forum(forum_id)
    extra = _forum_extra(forum)
    form = extra["organization_form"]
    if not form.validate_on_submit():
        return _members_page(forum, InviteForm(formdata=None), 422, **extra)
    members.move_to_organization(forum, form.organization_id.data or None, by=current_user)
    flash(_l("Saved: the organization's members now have their role on this forum.") if forum.organization_id
          else _l("This forum is no longer part of an organization."), "success")
    return redirect(url_for("organize.members_page", forum_id=forum.id))


# -- organizations ------------------------------------------------------------------------------

@blueprint.route("/organizations/new", methods=["GET", "POST"])
def organization_new():
    form = NewOrganizationForm()
    if form.validate_on_submit():
        organization = members.create_organization(form.name.data, by=current_user,
                                                   client_id=form.client_id.data or None)
        flash(_l("Organization created. Invite its members, then put forums in it from each forum's Members page."),
              "success")
        return redirect(url_for("organize.organization", organization_id=organization.id))
    return render_template("organize/organization_new.html", form=form), 422 if form.errors else 200


@blueprint.route("/organizations/<int:organization_id>", methods=["GET", "POST"])
@requires(Action.VIEW, post=Action.MEMBERS)
def organization(organization_id: int):
    organization = checked_organization(organization_id)
    return _invite(organization, _organization_extra(organization))


def _organization_extra(organization: Organization) -> dict:
    organization_series = series_service.series_of_organization(organization.id, current_user)
    return {"organization_series": organization_series,
            "edition_counts": series_service.edition_counts(organization_series, current_user.id)}


@blueprint.route("/organizations/<int:organization_id>/members/<int:membership_id>/role", methods=["POST"])
@requires(Action.MEMBERS)
def organization_member_role(organization_id: int, membership_id: int):
    return _change_role(checked_organization(organization_id), membership_id)


@blueprint.route("/organizations/<int:organization_id>/members/<int:membership_id>/remove", methods=["POST"])
@requires(Action.MEMBERS)
def organization_member_remove(organization_id: int, membership_id: int):
    return remove_member(checked_organization(organization_id), membership_id)


@blueprint.route("/organizations/<int:organization_id>/invitations/<int:invitation_id>/revoke", methods=["POST"])
@requires(Action.MEMBERS)
def organization_invitation_revoke(organization_id: int, invitation_id: int):
    return withdraw_invitation(checked_organization(organization_id), invitation_id)


def _organization_settings(organization: Organization, rename: OrganizationForm, removal: OrganizationDeleteForm,
                           status: int = 200, meanwhile: str | None = None):
    """``meanwhile``: the name the organization has now, after a rename refused as someone gave it another since."""
    return render_template("organize/organization_settings.html", organization=organization, form=rename,
                           delete_form=removal, meanwhile=meanwhile), status


@blueprint.route("/organizations/<int:organization_id>/settings", methods=["GET", "POST"])
@requires(Action.MANAGE)
def organization_settings(organization_id: int):
    organization = checked_organization(organization_id)
    form = EditedOrganizationForm(obj=organization)
    if not form.is_submitted():
        form.seen.data = members.organization_mark(organization)
    if form.validate_on_submit():
        try:
            kept = members.rename_organization(organization, form.name.data, seen=form.seen.data)
        except ChangedMeanwhile as meanwhile:
            # the form keeps the name typed, now counting as shown after the other's: saved again, it replaces it
            form.seen.data = members.organization_mark(organization)
            return _organization_settings(organization, form, OrganizationDeleteForm(formdata=None),
                                          meanwhile.status, meanwhile=organization.name)
        if kept:
            flash(_l("Saved. Someone else changed %(fields)s meanwhile, which you had left as it was: their change "
                     "is kept.", fields=form.name.label.text), "success")
        else:
            flash(_l("The organization is now called “%(name)s”.", name=organization.name), "success")
        return redirect(url_for("organize.organization", organization_id=organization.id))
    return _organization_settings(organization, form, OrganizationDeleteForm(formdata=None),
                                  422 if form.errors else 200)


@blueprint.route("/organizations/<int:organization_id>/delete", methods=["POST"])
@requires(Action.MANAGE)
def organization_delete(organization_id: int):
    organization = checked_organization(organization_id)
    form = OrganizationDeleteForm()
    if not form.validate_on_submit():
        rename = EditedOrganizationForm(formdata=None, obj=organization)
        rename.seen.data = members.organization_mark(organization)
        return _organization_settings(organization, rename, form, 422)
    name = organization.name
    forums = members.delete_organization(organization)
    flash(_ln("“%(name)s” is deleted. Its forum stays with its owner.",
                   "“%(name)s” is deleted. Its %(num)d forums stay with their owners.", len(forums), name=name)
          if forums else _l("“%(name)s” is deleted.", name=name), "success")
    return redirect(url_for("organize.forum_list"))
