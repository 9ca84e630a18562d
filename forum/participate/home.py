"""Joining a forum, the participant's home, who they are, and the attendee list they share in."""
from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from forum.errors import abort_with
from forum.extensions import limiter
from forum.participate import blueprint
from forum.participate.common import (address_limit, form_kwargs, forum_by_code, invalid, locale, participant_view,
                                     saved)
from forum.participate.device import device_token, ensure_device_token
from forum.participate.forms import ContactForm, JoinForm, ProfileForm, group_choices
from forum.services.participation import join as join_forum
from forum.services.participation import overview, set_contact_sharing, update_profile
from forum.services.registrations import attendees as attendee_rows
from forum.urls import safe_local_url


def _join_limit() -> str:
    return current_app.config["PARTICIPANT_JOIN_LIMIT"]


def _failed(response) -> bool:
    return response.status_code >= 400


def _no_device() -> bool:
    return device_token() is None


# Failed codes count per phone (a phone gets its cookie on its first visit) and, far more
# generously, per address: a whole room may share the venue's one Wi-Fi address.
@blueprint.route("/join", methods=["GET", "POST"])
@limiter.limit(_join_limit, key_func=device_token, exempt_when=_no_device, deduct_when=_failed)
@limiter.limit(address_limit, deduct_when=_failed)
def join():
    """Type the forum's code, or arrive from its QR code (``/join?code=XXXXXX``)."""
    ensure_device_token()
    if request.method == "POST":
        form = JoinForm()
    elif request.args.get("code"):
        form = JoinForm(formdata=request.args, meta={"csrf": False})
    else:
        return render_template("participate/join.html", form=JoinForm())
    if not form.validate():
        return render_template("participate/join.html", form=form), 422
    forum = forum_by_code(form.code.data)
    if forum is None:
        form.code.errors.append(_("No forum has this code. Check the code shown in the room and try again."))
        return render_template("participate/join.html", form=form), 404
    participant, created = join_forum(forum.id, ensure_device_token(), locale())
    own_pages = url_for("participate.home", code=forum.join_code)
    next_url = request.args.get("next", "")
    if next_url.startswith(own_pages):
        return redirect(safe_local_url(next_url, own_pages))
    return redirect(url_for("participate.about_you", code=forum.join_code) if created else own_pages)


@blueprint.route("/p/<code>/")
@participant_view
def home(forum, participant):
    return render_template("participate/home.html", forum=forum, participant=participant,
                           now=overview(forum, device_token()))


@blueprint.route("/p/<code>/about-you", methods=["GET", "POST"])
@participant_view
def about_you(forum, participant):
    form = ProfileForm(obj=participant, **form_kwargs())
    form.group_id.choices = group_choices(forum, locale())
    if request.method == "GET":
        form.group_id.data = participant.group_id or 0
    if form.validate_on_submit():
        update_profile(participant.id, name=form.name.data, organization=form.organization.data,
                       group_id=form.group_id.data or None, language=locale())
        return saved(_("Thank you. You can change this any time."), url_for("participate.home", code=forum.join_code))
    if request.method == "POST":
        return invalid(form, "participate/about_you.html", forum=forum)
    return render_template("participate/about_you.html", forum=forum, form=form)


@blueprint.route("/p/<code>/contact", methods=["GET", "POST"])
@participant_view
def contact(forum, participant):
    form = ContactForm(obj=participant, **form_kwargs())
    if request.method == "GET":
        form.share.data = participant.shares_contact
    if form.validate_on_submit():
        set_contact_sharing(participant.id, share=form.share.data, name=form.name.data,
                            organization=form.organization.data, email=form.email.data)
        message = (_("Thank you. Other attendees who share their details can now see yours.") if form.share.data
                   else _("Your contact details are not shared."))
        return saved(message, url_for("participate.home", code=forum.join_code))
    if request.method == "POST":
        return invalid(form, "participate/contact.html", forum=forum)
    return render_template("participate/contact.html", forum=forum, form=form)


@blueprint.route("/p/<code>/attendees")
@participant_view
def attendees(forum, participant):
    """Only those who share their own details see the others' (and never the anonymous answers)."""
    if not participant.shares_contact:
        abort_with(403, _("The attendee list is for attendees who share their own contact details. "
                          "You can choose to share yours on the contact page."))
    return render_template("participate/attendees.html", forum=forum, rows=attendee_rows(forum.id, locale()))
