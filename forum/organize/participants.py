"""Participants: how they join (link, code, QR), the steering-committee sign-ups, and the
attendee list of those who consented to share their contact details."""
from __future__ import annotations

from flask import render_template
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import pgettext
from sqlalchemy import func, select

from forum.dates import local, time_zone
from forum.extensions import db
from forum.http_response import XLSX_MIMETYPE, download
from forum.lazy_text import lazy_gettext as _l
from forum.models import Forum, Participant, SteeringSignup
from forum.organize import blueprint
from forum.organize.access import owned_forum, requires
from forum.organize.wall import join_url
from forum.roles import Action
from forum.qr import qr_svg
from forum.services.forums import export_name
from forum.services.registrations import attendees, csv_text, xlsx_file
from forum.urls import phone_url, unreachable_host


def _join_qr(forum) -> str:
    return qr_svg(join_url(forum), _("QR code to join %(forum)s", forum=forum.name))


def _signups(forum: Forum, locale: str) -> list[dict]:
    """The steering committee's sign-ups still standing, first come first, as rows of the page and the downloads (``signed_up``: the forum's local time, to the minute)."""
    return [{"name": s.name, "organization": s.organization or "", "group": s.group.name.in_(locale) if s.group else "",
             "email": s.email, "signed_up": local(s.created_at, forum).replace(tzinfo=None, second=0, microsecond=0)}
            for s in db.session.scalars(select(SteeringSignup).where(
                SteeringSignup.forum_id == forum.id, SteeringSignup.withdrawn_at.is_(None),
            ).order_by(SteeringSignup.created_at, SteeringSignup.id))]


@blueprint.route("/forums/<int:forum_id>/participants")
@requires(Action.CONTACTS)
def participants(forum_id: int):
    forum = owned_forum(forum_id)
    counts = dict(db.session.execute(select(Participant.registered, func.count(Participant.id)).where(
        Participant.forum_id == forum.id).group_by(Participant.registered)).all())
    return render_template(
        "organize/participants.html", forum=forum, join_url=join_url(forum),
        join_base=phone_url("participate.join"), qr=_join_qr(forum),
        joined=counts.get(False, 0), registered=counts.get(True, 0), signups=_signups(forum, str(get_locale())),
        rows=attendees(forum.id, str(get_locale())),
    )


# One line on the poster, in each of the forum's languages.
POSTER_INSTRUCTION = _l("Scan the QR code with your phone, or open the address below and type the code.")


@blueprint.route("/forums/<int:forum_id>/participants/poster")
@requires(Action.VIEW)
def join_poster(forum_id: int):
    """The sheet put up on the room's walls and tables: the forum's name, the join QR code, address and code."""
    forum = owned_forum(forum_id)
    lines = []  # the main language first
    for language in forum.language_list or [forum.main_language]:
        with force_locale(language):
            lines.append({"lang": language, "name": forum.name.in_(language), "instruction": str(POSTER_INSTRUCTION)})
    return render_template(
        "organize/join_poster.html", forum=forum, lines=lines,
        join_page=phone_url("participate.join").split("://", 1)[-1], qr=_join_qr(forum),
        unreachable_host=unreachable_host(),
    )


@blueprint.route("/forums/<int:forum_id>/participants/attendees.<any(csv, xlsx):fmt>")
@requires(Action.CONTACTS)
def attendees_csv(forum_id: int, fmt: str):
    """The attendees who share their contact details, for a spreadsheet (CSV or Excel)."""
    forum = owned_forum(forum_id)
    rows = attendees(forum.id, str(get_locale()))
    header = (_("Name"), _("Organization"), _("Stakeholder group"), _("Email"))
    return _contacts_download(rows, ("name", "organization", "group", "email"), header, _("Attendee list"),
                              export_name(pgettext("a download's file name: who attended", "attendees"), forum, fmt))


@blueprint.route("/forums/<int:forum_id>/participants/steering-committee.<any(csv, xlsx):fmt>")
@requires(Action.CONTACTS)
def signups_csv(forum_id: int, fmt: str):
    """The steering committee's sign-ups, for a spreadsheet (CSV or Excel)."""
    forum = owned_forum(forum_id)
    rows = _signups(forum, str(get_locale()))
    header = (_("Name"), _("Organization"), _("Stakeholder group"), _("Email"),
              _("Signed up (%(time_zone)s)", time_zone=time_zone(forum).key))
    name = export_name(pgettext("a download's file name: the steering committee's sign-ups", "steering committee"),
                       forum, fmt)
    return _contacts_download(rows, ("name", "organization", "group", "email", "signed_up"), header,
                              _("Steering committee"), name)


def _contacts_download(rows: list[dict], columns: tuple[str, ...], header: tuple[str, ...], sheet_name: str,
                       name: str):
    if name.endswith(".csv"):
        return download(csv_text(rows, columns, header), name, mimetype="text/csv")
    return download(xlsx_file(rows, columns, header, sheet_name), name, mimetype=XLSX_MIMETYPE)
