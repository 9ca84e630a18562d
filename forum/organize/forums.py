"""Forums: list, create, dashboard and settings."""
from __future__ import annotations

import re
from datetime import datetime
from hashlib import sha256
from types import SimpleNamespace

from flask import redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from forum.confirmation import ask_to_confirm, confirmed
from forum.dates import long_date, today
from forum.errors import abort_with
from forum.extensions import db
from forum.flashes import flash, listed, with_link
from forum.lazy_text import lazy_gettext as _l
from forum.organize import blueprint
from forum.organize.access import can, may_open, named_editions, owned_forum, requires, series_with_role
from forum.organize.checklist import BEFORE, PUBLISHED, QUIET, checklist, stage_reason_and_room
from forum.roles import Action
from forum.organize.counts import dashboard_counts
from forum.organize.forms import ForumForm, NewForumForm, facilitator_lines
from forum.organize.now import open_now
from forum.roles import ROLE_LABELS
from forum.services import editions, forum_end, members
from forum.services import series as series_service
from forum.services import seen_values
from forum.services.errors import ServiceError
from forum.services.forums import create_forum, forums_of, settings_mark, update_forum
from forum.services.participation import (CLOSED, ENDED, EVALUATION, QUIET_BEFORE_OVER, TABLES_OFF, day_of_close,
                                          latest_end)
from forum.services.seen_values import ChangedMeanwhile
from forum.translated_field import LANGUAGE_LABELS
from forum.services.wall_link import wall_link_on


EARLIER_SHOWN = 5  # the new forum page offers to start from the organizer's latest forums


@blueprint.route("/forums")
def forum_list():
    return render_template("organize/forum_list.html", forums=forums_of(current_user),
                           shared=members.shared_forums(current_user), organizations=members.organizations_of(current_user),
                           shared_series=series_service.shared_series(current_user), role_labels=ROLE_LABELS)


@blueprint.route("/forums/new", methods=["GET", "POST"])
def forum_new():
    form = NewForumForm()
    if not form.is_submitted() and str(get_locale()) == "fr":
        form.languages.data = "fr,en"  # an organizer working in French holds a bilingual forum French first
    valid = form.validate_on_submit()
    # a date already past: asked once (a typo in the year?), the same form sent again creates the forum
    where = SimpleNamespace(time_zone=form.time_zone.data)  # today where the forum takes place
    past_date = form.date.data if valid and form.asks_about_past_date(today(where)) else None
    if valid and past_date is None:
        forum = create_forum(
            current_user, name=form.name.data, date=form.date.data, venue=form.venue.data or None,
            time_zone=form.time_zone.data or None, description=form.description.data, languages=form.languages.data,
            table_count=form.table_count.data or 0, report_out_limit=form.report_out_limit.data,
            facilitators=facilitator_lines(form.facilitators.data), client_id=form.client_id.data or None,
        )
        flash(with_link(_l("Forum created."), "#getting-ready", _l("Follow its checklist to get it ready.")), "success")
        return redirect(url_for("organize.dashboard", forum_id=forum.id))
    return render_template("organize/forum_form.html", form=form, forum=None, past_date=past_date,
                           earlier=forums_of(current_user)[:EARLIER_SHOWN]), 422 if form.errors else 200


@blueprint.route("/forums/<int:forum_id>")
@requires(Action.VIEW)
def dashboard(forum_id: int):
    """The forum at a glance: what is open now and the counts, which the page polls (``?partial=1``)
    and swaps in when they changed, so that an organizer walking the room never reloads it."""
    forum = owned_forum(forum_id)
    forum_stage, end_reason, room = stage_reason_and_room(forum)
    # an edition started from this one: the way to it replaces "Start the next edition" (which would carry the open
    # action items over a second time)
    continued_in = named_editions(editions.later_editions(forum))
    # the year of the edition this one's committee members were carried from, to those who may open it
    previous = forum.previous_forum
    carried_from_year = previous.date.year if previous is not None and previous.date and may_open(previous) else None
    # a close pressed today can be undone (a coffee break's mistake), by those who may close
    undo = forum_end.to_reopen(forum) if can("manage") else None
    shown = render_template("organize/_dashboard_live.html", forum=forum, now=open_now(forum), stage=forum_stage,
                            counts=dashboard_counts(forum, str(get_locale())), continued_in=continued_in,
                            carried_from_year=carried_from_year, why_over=_why_over(forum, end_reason, undo, room))
    # the version of what it says: the CSRF token of its form ("Not yet") is new at every poll
    version = sha256(CSRF_VALUE.sub("", shown).encode()).hexdigest()[:16]
    live = Markup('<div data-version="{}">{}</div>').format(version, Markup(shown))
    if request.args.get("partial"):
        return live
    # the series' page opens to its creator, its viewers and those with a role on an edition (who read those only)
    series_open = forum.series_id is not None and series_with_role(forum.series_id, current_user.id)[1] is not None
    steps = checklist(forum) if can("manage") and forum_stage == BEFORE else None
    # named (and linked) only to someone with a role on it: an invited viewer of this forum may have none there
    started_from = forum.previous_forum if may_open(forum.previous_forum) else None
    return render_template("organize/dashboard.html", forum=forum, live=live, series_open=series_open, steps=steps,
                           stage=forum_stage, started_from=started_from, undo=undo)


CSRF_VALUE = re.compile(r'(?<=name="csrf_token" value=")[^"]*')


def _why_over(forum, reason: str | None, undo, room) -> SimpleNamespace | None:
    """What the dashboard says of why it shows "After the forum" when it read that from the room (None: its day
    has passed, or it is not after it), and whether "Not yet" is offered: a rehearsal of an undated forum (test cards,
    the evaluation or a vote tried out, then weeks of quiet) reads like its end, and nothing stored tells them apart.
    Not offered once the report or progress page is out; nothing said of a close that can still be undone (its undo
    notice says when it was pressed, and undoes it). ``ended``: the latest end read from the room (``latest_end``, ""
    for none), which the "Not yet" form names, so that an end after it is not taken back by a page left open."""
    if reason is None or (reason == CLOSED and undo is not None):  # today's close: its undo notice says it all
        return None
    texts = {
        CLOSED: lambda: _("An organizer pressed “The forum is over: close everything” on %(date)s.",
                          date=long_date(day_of_close(forum), forum)),
        TABLES_OFF: lambda: _("Every table's capture link is switched off."),
        EVALUATION: lambda: _("The forum's evaluation was answered, and it is closed."),
        ENDED: lambda: _("What participants answered was closed (a vote, the evaluation or a session's rating), and "
                         "nothing happened in the room since."),
        QUIET: lambda: _("Nothing happened in the room for %(days)d days or more after what participants answered "
                         "was closed.", days=QUIET_BEFORE_OVER.days),
        PUBLISHED: lambda: _("The final report or the progress page is shared."),
    }
    ended = latest_end(forum, room) if room is not None else None
    return SimpleNamespace(text=texts[reason](), not_yet=can("manage") and reason != PUBLISHED,
                           ended=ended.isoformat() if ended is not None else "")


@blueprint.route("/forums/<int:forum_id>/not-over-yet", methods=["POST"])
@requires(Action.MANAGE)
def not_over_yet(forum_id: int):
    """"Not yet" under the dashboard's reason for "After the forum": the forum is not over (that was a rehearsal, or
    the weeks of quiet before it). What ended before is no longer taken as its end; what ends after is. The form names
    the latest end its page read (``ended``): a page left open while the forum really ended since (a close, the
    evaluation closed) is refused with 409 and the dashboard as it is now, nothing changed. A form without it: 400."""
    forum = owned_forum(forum_id)
    seen, seen_end = request.form.get("ended"), None  # "": the page read no end
    try:
        seen_end = datetime.fromisoformat(seen) if seen else None
    except ValueError:
        seen = None
    if seen is None or (seen_end is not None and seen_end.tzinfo is not None):  # not what the dashboard's form sends
        abort_with(400, _("This page does not say which end of the forum it answers. Open the forum's dashboard "
                          "again and use its “Not yet: the forum is not over” button."))
    try:
        forum_end.not_over_yet(forum.id, seen_end)
    except ServiceError as error:
        if error.reason != "ended_since":
            raise
        # something ended since the page was loaded: the dashboard as it is now says what, nothing was changed
        db.session.rollback()
        flash(error.message, "warning")
        return dashboard(forum_id=forum_id), error.status
    flash(_l("The forum is taken as not over yet. The dashboard moves on to “After the forum” by itself once the "
             "room's work ends again: the evaluation, a vote or everything closed, or the tables' links switched off."),
          "success")
    return redirect(url_for("organize.dashboard", forum_id=forum.id))


@blueprint.route("/forums/<int:forum_id>/close-everything", methods=["GET", "POST"])
@requires(Action.MANAGE)
def close_everything(forum_id: int):
    """The forum ends: what participants can still answer is listed (a GET, since the dashboard's live
    part holds no form), and closed all at once when the organizer confirms; the wall's view-only link
    stays on (the room's computer may show the final report-out) unless they tick its box."""
    forum = owned_forum(forum_id)
    now = open_now(forum)
    back = url_for("organize.dashboard", forum_id=forum.id)
    if not now["anything_open"] and confirmed():
        # another organizer closed the last open thing between the question and the answer: the confirmed end of
        # the forum is still recorded (the dashboard moves on to "After the forum"), and the wall link switched off
        # when its box was ticked
        forum_end.close_everything(forum.id, wall_link_off=request.form.get("wall_link_off") == "1")
        flash(_l("Everything was already closed; the forum is marked over. The wall link stays on.")
              if wall_link_on(forum) else _l("Everything was already closed; the forum is marked over."), "success")
        return redirect(back)
    if not now["anything_open"] and now["wall_link_on"]:  # e.g. another organizer closed the last vote meanwhile
        flash(_l("Participants have nothing left to answer, but the wall link is still on: switch it off here."),
              "warning")
        return redirect(url_for("organize.capture_links", forum_id=forum.id, _anchor="wall-link-section"))
    if not now["anything_open"]:
        flash(_l("Nothing is open: participants have nothing left to answer."), "success")
        return redirect(back)
    if not confirmed():
        return ask_to_confirm(
            _("Close everything participants can still answer?"),
            _("Each can be opened again from its own page. The tables' capture links keep working, so that "
              "facilitators can send their last cards."),
            _("Close everything"), back, template="organize/close_everything.html", now=now,
            wall_link_on=wall_link_on(forum))
    forum_end.close_everything(forum.id, wall_link_off=request.form.get("wall_link_off") == "1")
    flash(_l("Everything is closed: participants can no longer answer. The wall link stays on.") if wall_link_on(forum)
          else _l("Everything is closed: participants can no longer answer."), "success")
    return redirect(back)


@blueprint.route("/forums/<int:forum_id>/close-everything/undo", methods=["POST"])
@requires(Action.MANAGE)
def undo_close_everything(forum_id: int):
    """"Reopen what this closed", on the dashboard for the rest of the day of a close: what that close closed and is
    still closed is opened again, and the forum is no longer marked over. Nothing to ask: it undoes. A second press
    (or one on a later day) is refused with a 409 page saying why. The form names the close it undoes (its number):
    a page left open while the forum was closed again is refused (409) with the dashboard as it is now."""
    forum = owned_forum(forum_id)
    number = request.form.get("close", type=int)
    if number is None:  # a form without the close it undoes: not the dashboard's
        abort_with(400, _("This page does not say which close to undo. Open the forum's dashboard again and use "
                          "its “Reopen what this closed” button."))
    try:
        reopened = forum_end.undo_closing(forum.id, number)
    except ServiceError as error:
        if error.reason != "closed_again":
            raise
        # a page loaded before another press of "close everything": nothing undone; the dashboard shows what the
        # latest close closed, with its own undo
        db.session.rollback()
        flash(error.message, "warning")
        return dashboard(forum_id=forum_id), error.status
    flash(_reopened_message(reopened), "success")
    return redirect(url_for("organize.dashboard", forum_id=forum.id))


def _reopened_message(reopened: forum_end.ToReopen):
    """What "Reopen what this closed" did, worded on what it reopened: what participants answer, the wall link,
    both, or nothing (the forum is only no longer marked over)."""
    if reopened.for_participants and reopened.wall_link:
        return _l("Reopened what the close closed: participants can answer again, and the wall link works again.")
    if reopened.for_participants:
        return _l("Reopened what the close closed: participants can answer again.")
    if reopened.wall_link:
        return _l("Reopened the wall link the close switched off: it works again. Nothing else the close closed "
                  "was still closed.")
    return _l("The forum is no longer marked over. Nothing the close closed was still closed: nothing was reopened.")


@blueprint.route("/forums/<int:forum_id>/settings", methods=["GET", "POST"])
@requires(Action.MANAGE)
def forum_settings(forum_id: int):
    forum = owned_forum(forum_id)
    form = ForumForm(obj=forum)
    del form.table_count, form.facilitators  # tables are managed on their own page once the forum exists
    valid = form.validate_on_submit()
    # a date changed to one already past: asked once, as for a new forum; the same form sent again saves it
    where = SimpleNamespace(time_zone=form.time_zone.data)  # today where the forum takes place
    past_date = form.date.data if valid and form.asks_about_past_date(today(where), saved=forum.date) else None
    if not form.is_submitted():
        form.seen.data = settings_mark(forum, SETTINGS)
    if valid and past_date is None:
        fields = ("name", "description", "date", "languages", "report_out_limit")
        try:
            kept = update_forum(forum, seen=form.seen.data, **{field: getattr(form, field).data for field in fields},
                                venue=form.venue.data or None, time_zone=form.time_zone.data or None)
        except ChangedMeanwhile as meanwhile:
            # the form keeps what was typed, now counting as shown after the other's change: saved again, it
            # replaces it
            form.seen.data = settings_mark(forum, SETTINGS)
            saved = seen_values.slots({name: getattr(forum, name) for name in SETTINGS})
            return render_template("organize/forum_form.html", form=form, forum=forum, meanwhile=[
                {"name": _setting_name(form, slot), "now": _setting_shown(form, forum, slot, saved[slot]),
                 "lang": seen_values.slot_language(slot)}
                for slot in meanwhile.slots]), meanwhile.status
        if kept:
            flash(_l("Saved. Someone else changed %(fields)s meanwhile, which you had left as it was: their change "
                     "is kept.", fields=listed([_setting_name(form, slot) for slot in kept])), "success")
        else:
            flash(_l("Settings saved."), "success")
        return redirect(url_for("organize.dashboard", forum_id=forum.id))
    return render_template("organize/forum_form.html", form=form, forum=forum,
                           past_date=past_date), 422 if form.errors else 200


# What the settings form sets (and keeps, as it showed them, to merge with another organizer's change).
SETTINGS = ("name", "description", "date", "languages", "report_out_limit", "venue", "time_zone")


def _setting_name(form, slot: str) -> str:
    """A setting named as the form labels it: "Name (French)", "Date"."""
    name, _sep, language = slot.partition(".")
    label = str(form[name].label.text)
    return _("%(field)s (%(language)s)", field=label, language=LANGUAGE_LABELS[language]) if language else label


def _setting_shown(form, forum, slot: str, text: str) -> str:
    """A setting's saved value as the page shows it (a date in words, the languages and time zone by name)."""
    if slot == "date" and forum.date:
        return long_date(forum.date)
    if slot in ("languages", "time_zone"):
        return next((str(choice[1]) for choice in form[slot].iter_choices() if choice[0] == text), text)
    return text


