"""A committee member's page: their items (status, follow-ups), the whole plan, proposals."""
from __future__ import annotations

import time

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from analysis.report.actionplan import OPEN_STATUSES, actions_ical

from forum import ratelimit
from forum.committee import blueprint
from forum.committee.forms import (MAIL_TOPIC_LABELS, GiveBackForm, LeaveForm, MailForm, MemberFollowUpForm,
                                   ProposalForm, PublicNameForm, StatusForm)
from forum.dates import long_date
from forum.dates import today as forum_today
from forum.errors import abort_with, render_error, wants_json
from forum.extensions import db
from forum.flashes import flash, joined, marked
from forum.forms import written_in
from forum.http_response import download
from forum.lazy_text import lazy_gettext as _l
from forum.models import ACTION_STATUSES, ActionItem, Forum, Translated, utcnow
from forum.public.views import NO_INDEX
from forum.services import action_plan as plan
from forum.services import committee
from forum.services.errors import ServiceError
from forum.services.progress import progress_token
from forum.services.reports import file_stem
from forum.urls import public_host

ITEM_FORMS = (StatusForm, MemberFollowUpForm, GiveBackForm)  # the forms on each of the member's items


def _own_item(member, action_id: int) -> ActionItem:
    """An item of the plan that the member owns: 404 for another forum's (as for an id never used), 403 for someone
    else's."""
    item = db.session.get(ActionItem, action_id)
    committee.check_own_item(member, item)
    return item


def _calendar_rows(rows: list[dict], member) -> list[dict]:
    """The member's own items that go in their calendar (plan.calendar_rows: a due date still to be met, not carried
    over to a later edition)."""
    return [row for row in plan.calendar_rows(rows) if row["owner_signup_id"] == member.id]


def _page(token: str, member, proposal_form: ProposalForm | None = None, posted: tuple | None = None,
          unsent_note: tuple | None = None, restored: dict | None = None, unsaved_status: str | None = None):
    """The member's page; ``posted`` (item id, form) is an item's form sent back with its errors;
    ``unsent_note`` (item, text) a follow-up refused as the item is not the member's, kept to be copied;
    ``unsaved_status`` why a status was not saved, the item being no longer the member's (_no_longer_yours);
    ``restored`` (``_unsent``) what the member had sent while their link had expired, kept in their session: shown
    once now that it works again, filled in again in the form it came from when that form is on the page."""
    forum = db.session.get(Forum, member.forum_id)
    rows = plan.action_item_records(forum, lang=str(get_locale()))
    mine = [row for row in rows if row["owner_signup_id"] == member.id]
    carried = plan.carried_on_ids(forum.id)
    next_edition_urls = {item_id: url_for("committee.page", token=later_token) for item_id, later_token in
                         committee.next_edition_tokens(member, carried & {row["id"] for row in mine}).items()}
    plan_goes_on = committee.plan_goes_on(forum.id)
    later_token = committee.next_edition_page_token(member) if plan_goes_on else None
    next_edition_page = url_for("committee.page", token=later_token) if later_token else None
    forms = {row["id"]: [form_class(prefix=f"item{row['id']}", formdata=None, status=row["status"])
                         for form_class in ITEM_FORMS] for row in mine}
    if posted:
        action_id, form = posted
        forms[action_id][ITEM_FORMS.index(type(form))] = form
    refilled = None  # the anchor of the form ``restored`` is filled in again in
    if restored is not None:
        form_class, values = UNSENT[restored["kind"]][1], dict(restored["fields"])
        if form_class is ProposalForm and proposal_form is None and not plan_goes_on:
            proposal_form, refilled = ProposalForm(formdata=None, **values), "propose"
        elif form_class in ITEM_FORMS and restored["action_id"] in forms and restored["action_id"] not in carried:
            action_id = restored["action_id"]
            status = restored["status_key"] or next(row["status"] for row in mine if row["id"] == action_id)
            forms[action_id][ITEM_FORMS.index(form_class)] = form_class(prefix=f"item{action_id}", formdata=None,
                                                                        status=status, **values)
            refilled = f"item-{action_id}"
    for action_id, item_forms in forms.items():  # each item's status and follow-up forms say it was shown as theirs
        for form in item_forms:
            if "owned" in form:
                form.owned.data = committee.owned_item_mark(member, action_id)
    proposals = plan.proposals_of(member)
    html = render_template("committee/page.html", token=token, member=member, forum=forum, rows=rows, mine=mine,
                           due_words=plan.due_words(rows, forum_today(forum)),
                           forms=forms, statuses=ACTION_STATUSES, proposals=proposals, unsent_note=unsent_note,
                           restored=restored, refilled=refilled, unsaved_status=unsaved_status,
                           carried=carried, carried_on=committee.CARRIED_ON, next_edition_urls=next_edition_urls,
                           plan_goes_on=plan_goes_on, plan_goes_on_text=committee.PLAN_GOES_ON,
                           next_edition_page=next_edition_page,
                           proposal_form=proposal_form or ProposalForm(formdata=None),
                           name_form=PublicNameForm(formdata=None, named_publicly=member.named_publicly),
                           leave_form=LeaveForm(formdata=None),
                           link_days_left=committee.link_days_left(member, forum_today(forum)),
                           open_statuses=OPEN_STATUSES,
                           open_items=[row for row in mine if row["status"] in OPEN_STATUSES
                                       and row["id"] not in carried],
                           mail_form=MailForm(formdata=None, data=committee.mail_wanted(member)),
                           mail_topics=committee.member_mail_topics(member),
                           page_url=url_for("committee.page", token=token),
                           has_calendar=bool(_calendar_rows(rows, member)),
                           progress_url=url_for("public.progress_page", token=progress_token(forum))
                           if forum.progress_shared else None)
    refused = unsent_note or unsaved_status
    status = 403 if refused else 422 if posted or (proposal_form and proposal_form.errors) else 200
    return html, status, NO_INDEX


def _back(token: str, anchor: str):
    return redirect(url_for("committee.page", token=token) + anchor)


@blueprint.before_request
def _error_pages_lead_to_the_progress_page():
    """A member has no home page: an error page of their link (switched off, expired, an item not theirs) leads to
    its forum's public progress page when the organizers shared it (forum.errors.way_on), else only back. Found
    before the view, as the view's own reading of the link fails with the error (the same rows: no query more)."""
    forum = committee.forum_of_link(request.view_args.get("token", "")) if request.view_args else None
    if forum is not None and forum.progress_shared:
        request._get_current_object().committee_progress_url = url_for("public.progress_page",
                                                                       token=progress_token(forum))


@blueprint.route("")
def page(token: str):
    member = committee.member_for_token(token)
    restored = None
    notes = _kept_notes()
    if str(member.id) in notes:  # the link works again: what they had sent is shown this once, then forgotten
        restored = _unsent(member)
        del notes[str(member.id)]
        _store_kept_notes(notes)
    return _page(token, member, restored=restored)


@blueprint.errorhandler(ServiceError)
def refused(error: ServiceError):
    """An expired link's page offers to ask the organizers for a new one (the member has no other way to reach
    them); every other refusal is the app's error page."""
    db.session.rollback()
    member = committee.expired_link_member(request.view_args.get("token", "")) \
        if error.reason == "link_expired" and request.view_args and not wants_json() else None
    if member is None:
        return render_error(error.status, str(error.message), error.reason,
                            hint=str(REFUSAL_HINTS[error.reason]) if error.reason in REFUSAL_HINTS else None)
    return _expired_page(member, str(error.message), error.status)


def _expired_page(member, message: str, status: int):
    """The page of the member's expired link (``message`` says so), with what they had sent shown back (_unsent)."""
    token, unsent = request.view_args["token"], _unsent(member)
    return render_template("committee/link_expired.html", token=token, member=member, forum=member.forum,
                           message=message, unsent=unsent, kept=_kept_fields(unsent),
                           kept_in_browser=unsent is not None and request.method == "GET",  # from the session
                           page_url=url_for("committee.page", token=token),
                           progress_url=request._get_current_object().committee_progress_url,
                           asked=committee.new_link_requested(member, forum_today(member.forum))), \
        status, NO_INDEX


# Who gives a switched-off link's member a new one. The app holds no contact of the organizers for it to show (the
# forum's settings have none), and whoever holds the link (forwarded, left on a shared computer: perhaps why it was
# switched off) would read it: the member is pointed to the person they know.
SWITCHED_OFF_HINT = _l("Only the forum's organizers can give you a new link: ask the person who invited you to the "
                       "steering committee or sent you this link, the way you usually reach them. This page shows "
                       "no one's contact details, as anyone who has the link can open it.")

# Where a member who withdrew, or signed up again without agreeing to own items, signs up again (their link's page
# says to): on their phone, as they first did, for the organizers to give them a new link
SIGN_UP_AGAIN_HINT = _l("To sign up again, open the forum's page on your phone and choose “Join the steering "
                        "committee”.")
REFUSAL_HINTS = {"link_revoked": SWITCHED_OFF_HINT, "withdrawn": SIGN_UP_AGAIN_HINT, "not_an_owner": SIGN_UP_AGAIN_HINT}

UNSENT = {  # the member's form sent on a link that expired meanwhile → what did not happen, the form, its texts
    "committee.item_follow_up": (_l("Your follow-up was not logged"), MemberFollowUpForm, ("note",)),
    "committee.item_status": (_l("Your status was not saved"), StatusForm, ()),
    "committee.give_back": (_l("The item was not given back"), GiveBackForm, ("reason",)),
    "committee.propose": (_l("Your proposal was not sent"), ProposalForm, ("title", "description")),
}
# The expired link's page sends what it shows back with its own forms (asking for a new link, switching the
# page's language), so that the member does not lose it: in fields named KEPT + what it is ("kind": a key of
# UNSENT; "item": the action item's id; "status"; each text's field name). Nothing of it is saved.
KEPT = "unsent-"
KEEPING_PAGES = {"committee.ask_for_new_link", "committee.unsent_again"}
# After asking for a new link, the member is sent back to the expired link's page (POST-redirect-GET: reloading it
# does not ask again); what they had sent goes with them in their session cookie, [{"member": id, "kept": KEPT
# fields, "at": when}] (a device shared by members keeps each one's: the last MAX_KEPT_NOTES), shown on that page
# until their link works again, then once on their working page. The cookie is signed, not encrypted, and a shared
# device's next user has it: a note is forgotten KEPT_NOTE_SECONDS after it was kept (the page says so), and with
# everything else of the session at an account's logout (forum.auth.sessions.log_out). The app has no server-side
# store shared by its instances but the database (Redis is optional), and a table for a note shown back once is more
# than it is worth. A cookie holds about 4 kB: longer texts than fit are shown on the answer to the request itself,
# as before, rather than lost.
UNSENT_KEPT = "committee_unsent"
COOKIE_ROOM = 3800  # bytes of the signed session a browser is sure to keep, with the cookie's attributes
MAX_KEPT_NOTES = 2
KEPT_NOTE_SECONDS = 24 * 3600


def _kept_notes() -> dict[str, dict]:
    """What the session keeps of members' unsent forms (UNSENT_KEPT: a list, oldest first, as the session's JSON
    sorts a dict's keys), by member id (a str): {"kept": KEPT fields, "at": when it was kept}. A note older than
    KEPT_NOTE_SECONDS, or of an earlier shape without its time, is dropped from the session here."""
    notes = session.get(UNSENT_KEPT)
    if notes is None:
        return {}
    now = time.time()
    fresh = {str(note["member"]): {"kept": note["kept"], "at": note["at"]}
             for note in (notes if isinstance(notes, list) else [])
             if isinstance(note, dict) and "member" in note and isinstance(note.get("kept"), dict)
             and isinstance(note.get("at"), int) and now - note["at"] <= KEPT_NOTE_SECONDS}
    if len(fresh) != (len(notes) if isinstance(notes, list) else -1):
        _store_kept_notes(fresh)
    return fresh


def _store_kept_notes(notes: dict[str, dict]) -> None:
    if notes:
        session[UNSENT_KEPT] = [{"member": member, **note} for member, note in notes.items()]
    else:
        session.pop(UNSENT_KEPT, None)


def _unsent(member) -> dict | None:
    """What the member sent from their page, left open until their link expired, shown back to be copied
    (nothing of it was saved): the ``heading`` saying what did not happen, the ``item`` it was about (its
    title), the ``status`` they chose and the ``texts`` they typed, as (label, text); and, for the page's forms
    to send it on, the ``kind`` of form (a key of UNSENT), the item's id ``action_id``, the ``status_key`` and the
    ``fields`` (name, text). None when the request sent nothing of theirs. Sent by a form of their page, sent
    on (KEPT) by the expired link's page, or kept for it in the session (_sent_on)."""
    if request.method == "POST" and request.endpoint in UNSENT:
        kind, action_id = request.endpoint, request.view_args.get("action_id")
        form_class = UNSENT[kind][1]
        form = form_class(prefix=f"item{action_id}" if action_id is not None else "", meta={"csrf": False})
    else:
        kept = _sent_on(member)
        if kept.get(f"{KEPT}kind") not in UNSENT:
            return None
        kind, item_id = kept[f"{KEPT}kind"], kept.get(f"{KEPT}item", "")
        # ASCII digits only: "²" or "٣" are digits to str.isdigit() that int() refuses (a 500) or reads as another id
        action_id = int(item_id) if item_id.isascii() and item_id.isdigit() and len(item_id) < 10 else None
        form_class = UNSENT[kind][1]
        sent_on = {name: kept[f"{KEPT}{name}"] for name in (*UNSENT[kind][2], "status") if f"{KEPT}{name}" in kept}
        form = form_class(formdata=MultiDict(sent_on), meta={"csrf": False})
    heading, _form_class, names = UNSENT[kind]
    fields = [(name, form[name].data) for name in names if form[name].data]
    status = form.status.data if form_class is StatusForm and form.status.data in ACTION_STATUSES else None
    if not fields and status is None:
        return None
    item = db.session.get(ActionItem, action_id) if action_id is not None else None
    # Named only when it is the member's own item (the forms are on their own items only): an id changed by hand
    # on an expired link (a link left on a shared computer expires for that) named any item of the plan, one by one
    if item is not None and (item.forum_id != member.forum_id or item.proposal is not None
                             or item.owner_signup_id != member.id):
        item = None  # another forum's item, a proposal, another member's item or nobody's: not named
    return {"heading": str(heading), "item": item.title.in_(str(get_locale())) if item else None,
            "item_lang": item.title.shown_in(str(get_locale())) if item else None,
            "status": str(ACTION_STATUSES[status]) if status else None,
            "texts": [(str(form[name].label.text), text) for name, text in fields],
            "kind": kind, "action_id": item.id if item else None, "status_key": status, "fields": fields}


def _sent_on(member):
    """The KEPT fields of what the member had sent: posted on by a form of the expired link's page, or, on that page
    opened after asking for a new link, kept in their session (UNSENT_KEPT); empty when there are none."""
    if request.method == "POST":
        return request.form if request.endpoint in KEEPING_PAGES else {}
    return _kept_notes().get(str(member.id), {}).get("kept", {})


def _kept_fields(unsent: dict | None) -> dict[str, str]:
    """The hidden fields with which the expired link's page's forms send ``unsent`` on (KEPT): asking for a new link
    or switching the page's language shows it again."""
    if unsent is None:
        return {}
    kept = {f"{KEPT}kind": unsent["kind"]}
    if unsent["action_id"] is not None:
        kept[f"{KEPT}item"] = str(unsent["action_id"])
    if unsent["status_key"]:
        kept[f"{KEPT}status"] = unsent["status_key"]
    kept.update({f"{KEPT}{name}": text for name, text in unsent["fields"]})
    return kept


@blueprint.route("/unsent", methods=["POST"])
@ratelimit.limit("20 per minute")
def unsent_again(token: str):
    """The expired link's page's language switch while it shows what the member had sent (KEPT): POST-redirect-GET
    to the page in the language asked for (``?lang=``, kept in the session as any switch), what they had sent kept
    for it in their session as after asking for a new link (a reload of the page asks nothing again; it answered
    with the page itself, and a reload sent the form again). A link that works again opens its page."""
    member = committee.expired_link_member(token)
    if member is None:
        committee.member_for_token(token)  # refused as any other request of this link, else it works:
        return _back(token, "")
    unsent = _unsent(member)
    if unsent is not None and not _keep_unsent(member, _kept_fields(unsent)):
        # too long for their cookie: shown on this answer, as before, never dropped
        return _expired_page(member, committee.link_expired_message(member), 410)
    language = request.args.get("lang")
    chosen = {"lang": language} if language in current_app.config["LANGUAGES"] else {}
    return redirect(url_for("committee.page", token=token, **chosen) + ("#unsent" if unsent is not None else ""))


_ASKED = {True: _l("Your request was sent to the organizers: they see it beside your name on their steering committee "
                  "page."),
          False: _l("You already asked the organizers for a new link.")}


@blueprint.route("/new-link", methods=["POST"])
@ratelimit.limit("10 per minute")
def ask_for_new_link(token: str):
    """The member of an expired link asks the organizers for a new one, or of a link that works for a week or less
    (committee.link_days_left), from their page; a link with more days left just opens its page, saying so."""
    member = committee.expired_link_member(token)
    if member is None:
        member = committee.member_for_token(token)  # refused as any other request of this link, else it works:
        if committee.link_days_left(member, forum_today(member.forum)) is None:  # given a later date meanwhile
            flash(_l("Your link works until %(date)s: there is no need for a new one yet.",
                     date=long_date(member.committee_link_expires_on)), "info")
            return _back(token, "")
        flash(_ASKED[committee.ask_for_new_link(member)], "success")
        return _back(token, "#new-link")
    new = committee.ask_for_new_link(member)
    flash(_ASKED[new], "success")
    unsent = _unsent(member)
    if unsent is not None and not _keep_unsent(member, _kept_fields(unsent)):
        # what the member had sent is too long for their cookie: shown again on this answer (a reload asks again,
        # which the service takes as the same request), never dropped
        return _expired_page(member, committee.link_expired_message(member), 200)
    return _back(token, "#unsent" if unsent is not None else "")


def _keep_unsent(member, kept: dict[str, str]) -> bool:
    """Keeps what the member had sent in their session for the expired link's page after the redirect, beside what
    other members on the same device had sent (the latest MAX_KEPT_NOTES; the oldest go first when the cookie is
    full); False (the session unchanged) when it would not fit in the cookie even alone."""
    before = session.get(UNSENT_KEPT)
    others = {key: note for key, note in _kept_notes().items() if key != str(member.id)}
    others = dict(list(others.items())[-(MAX_KEPT_NOTES - 1):])
    serializer = current_app.session_interface.get_signing_serializer(current_app)
    note = {"kept": kept, "at": int(time.time())}
    while True:
        _store_kept_notes({**others, str(member.id): note})
        if len(serializer.dumps(dict(session))) <= COOKIE_ROOM:
            return True
        if not others:
            break
        others.pop(next(iter(others)))
    if before is None:
        session.pop(UNSENT_KEPT)
    else:
        session[UNSENT_KEPT] = before
    return False


@blueprint.route("/calendar.ics")
def calendar(token: str):
    """The due dates of the member's own items for their phone's calendar, in the page's language; each
    event has the same UID as in the organizers' calendar of the plan, so importing both shows an item once."""
    member = committee.member_for_token(token)
    forum, locale = db.session.get(Forum, member.forum_id), str(get_locale())
    records = plan.action_item_records(forum, lang=locale)
    rows = _calendar_rows(records, member)
    if not rows:  # an empty file would look like a calendar of a member with nothing to do
        if any(row["owner_signup_id"] == member.id for row in plan.dated_rows(records)):
            abort_with(404, _("Your action items with a due date are all done or dropped: there is nothing to put "
                              "in a calendar."))
        abort_with(404, _("None of your action items has a due date yet: there is nothing to put in a calendar."))
    rows = [dict(row, owner=None, status_label=str(ACTION_STATUSES[row["status"]])) for row in rows]
    content = actions_ical(_("%(forum)s — my action items", forum=forum.name), rows, public_host(), utcnow(),
                           lang=locale, forum_id=forum.id)
    response = download(content, f"{file_stem(forum, 'action_plan', locale)}.ics",
                        content_type="text/calendar; charset=utf-8")
    response.headers.update(NO_INDEX)
    return response


def _item_form(token: str, action_id: int, form_class, save, message):
    """Validate a member's form about one of their own items, then save it and go back to the item;
    ``save`` returns whether it saved something new, which ``message(form, new, item)`` tells the member."""
    member = committee.member_for_token(token)
    item = _own_item(member, action_id)
    form = form_class(prefix=f"item{action_id}")
    if not form.validate_on_submit():
        return _page(token, member, posted=(action_id, form))
    new = save(member, item, form)
    flash(message(form, new, item), "success")
    return _back(token, f"#item-{action_id}")


@blueprint.route("/items/<int:action_id>/status", methods=["POST"])
@ratelimit.limit("60 per minute")
def item_status(token: str, action_id: int):
    """An item given to someone else (or given back from another tab) while its page was open: the member's page
    says why their status was not saved, rather than a bare 403."""
    try:
        return _item_form(token, action_id, StatusForm,
                          lambda member, item, form: committee.set_status(member, item, form.status.data),
                          lambda form, _new, item: _status_saved(item, form.status.data))
    except ServiceError as refusal:
        member = _no_longer_owner(refusal, token, action_id)
        return _page(token, member, unsaved_status=_no_longer_yours(db.session.get(ActionItem, action_id)))


def _no_longer_owner(refusal: ServiceError, token: str, action_id: int):
    """The member, when ``refusal`` is of an item that was theirs when their page showed its forms and is no longer:
    their page then says why (the item named). Any other refusal is raised again, among them a form made by hand
    for an item that was never theirs: refused as any item not theirs (403), without its title."""
    if refusal.reason != "not_the_owner":
        raise refusal
    member = committee.member_for_token(token)
    if not committee.was_shown_as_owner(member, action_id, request.form.get(f"item{action_id}-owned")):
        raise refusal
    return member


def _no_longer_yours(item: ActionItem) -> str:
    """Why the member's change to ``item`` was not saved: it has another owner now, or none (given back); its title
    marked with its language when that is not the page's."""
    if item.owner_signup_id is None:
        return marked(_l("“%(title)s” is no longer yours: it was given back to the organizers, who look for a new "
                         "owner. Your status was not saved.", title=item.title))
    return marked(_l("“%(title)s” is no longer yours: the organizers gave it to another owner, who keeps its "
                     "status up to date now. Your status was not saved.", title=item.title))


def _status_saved(item: ActionItem, status: str):
    """The status just saved, and who reads it, as _follow_up_logged says for a follow-up: the organizers, and anyone
    with the progress page's link while it is shared (it shows each item's status)."""
    if db.session.get(Forum, item.forum_id).progress_shared:
        return _l("Status saved: %(status)s. The organizers see it in the action plan, and the public progress page "
                  "shows it.", status=ACTION_STATUSES[status])
    return _l("Status saved: %(status)s. The organizers see it in the action plan.", status=ACTION_STATUSES[status])


def _follow_up_logged(item: ActionItem):
    """Who reads the follow-up just logged: the organizers, and anyone with the progress page's link while
    it is shared (it shows each item's latest follow-up)."""
    if db.session.get(Forum, item.forum_id).progress_shared:
        return _l("Follow-up logged. The organizers see it in the action plan, and the public progress page "
                  "shows it as the item's latest follow-up.")
    return _l("Follow-up logged. The organizers see it in the action plan.")


@blueprint.route("/items/<int:action_id>/follow-ups", methods=["POST"])
@ratelimit.limit("60 per minute")
def item_follow_up(token: str, action_id: int):
    """An item given to someone else while its former owner was typing: their note is shown back to them
    with the reason, rather than lost behind a bare 403."""
    try:
        return _item_form(token, action_id, MemberFollowUpForm,
                          lambda member, item, form: committee.log_follow_up(
                              member, item, form.note.data, form.client_id.data,
                              language=written_in(form, db.session.get(Forum, item.forum_id))),
                          lambda form, new, item: _follow_up_logged(item) if new
                          else _l("This follow-up was already logged."))
    except ServiceError as refusal:
        member = _no_longer_owner(refusal, token, action_id)
        note = MemberFollowUpForm(prefix=f"item{action_id}").note.data
        return _page(token, member, unsent_note=(db.session.get(ActionItem, action_id), note))


@blueprint.route("/items/<int:action_id>/give-back", methods=["POST"])
@ratelimit.limit("20 per minute")
def give_back(token: str, action_id: int):
    """Not through _item_form: sent twice, the second finds the item no longer the member's, and is
    answered as already given back rather than refused."""
    member = committee.member_for_token(token)
    item = db.session.get(ActionItem, action_id)
    if item is None:
        committee.check_own_item(member, item)  # the 404 of another forum's item: ids of other forums are not told
    form = GiveBackForm(prefix=f"item{action_id}")
    if not form.validate_on_submit():
        committee.check_own_item(member, item)
        return _page(token, member, posted=(action_id, form))
    new = committee.give_back(member, item, form.reason.data, form.client_id.data)
    flash(_l("You gave “%(title)s” back to the organizers, who will look for a new owner. Thank you for telling "
            "them.", title=item.title) if new else _l("This item was already given back to the organizers."),
          "success")
    return _back(token, "#mine-h")


@blueprint.route("/proposals", methods=["POST"])
@ratelimit.limit("20 per minute")
def propose(token: str):
    member = committee.member_for_token(token)
    form = ProposalForm()
    if not form.validate_on_submit():
        return _page(token, member, proposal_form=form)
    try:
        new = committee.propose_item(member, form.title.data, form.description.data, str(get_locale()),
                                     form.client_id.data)
    except ServiceError as refused:
        if refused.reason != "too_many_proposals":
            raise
        form.form_errors.append(str(refused.message))  # the text typed stays in the form, sent back with the page
        html, _status, headers = _page(token, member, proposal_form=form)
        return html, 409, headers
    flash(_l("Thank you: your proposal was sent to the organizers, who decide whether it joins the plan.") if new
          else _l("Your proposal was already sent to the organizers."), "success")
    return _back(token, "#propose")


@blueprint.route("/public-name", methods=["POST"])
@ratelimit.limit("20 per minute")
def public_name(token: str):
    member = committee.member_for_token(token)
    form = PublicNameForm()
    if not form.validate_on_submit():  # a checkbox: only a missing CSRF token is refused
        abort(400)
    committee.name_publicly(member, form.named_publicly.data)
    flash(_l("Your name is shown beside your items on the public progress page and in the forum's report.")
          if form.named_publicly.data
          else _l("Your name is shown neither on the public progress page nor in the forum's report."), "success")
    return _back(token, "#public-name")


@blueprint.route("/leave", methods=["GET", "POST"])
@ratelimit.limit("10 per minute")
def leave(token: str):
    """The member leaves the steering committee (committee.leave). The answer says what happened, at once (their link
    no longer opens their page, so there is nowhere to be redirected to); sent again (a double tap, a reload, a second
    tab) or opened (its language switch), it says the same rather than the refusal of a withdrawn member's link. A
    member still on the committee who opens it is sent to their page."""
    try:
        member = committee.member_for_token(token)
    except ServiceError as refusal:
        member = committee.withdrawn_link_member(token) if refusal.reason == "withdrawn" else None
        if member is None:
            raise
        return _left_page(member, token, None)
    if request.method == "GET":
        language = request.args.get("lang")
        return redirect(url_for("committee.page", token=token,
                                **({"lang": language} if language in current_app.config["LANGUAGES"] else {})))
    if not LeaveForm().validate_on_submit():  # a button: only a missing CSRF token is refused
        abort(400)
    given_back = committee.leave(member)
    return _left_page(member, token, [item.title for item in given_back] if given_back is not None else None)


def _left_page(member, token: str, given_back: list[Translated] | None):
    forum = db.session.get(Forum, member.forum_id)
    return render_template("committee/left.html", member=member, forum=forum, given_back=given_back,
                           progress_url=url_for("public.progress_page", token=progress_token(forum))
                           if forum.progress_shared else None), 200, NO_INDEX


MAIL_SAVED = {  # (reminders, digest) → what the member now gets
    (True, True): _l("Saved: you get the reminders and the weekly digest."),
    (True, False): _l("Saved: you get the reminders, not the weekly digest."),
    (False, True): _l("Saved: you get the weekly digest, not the reminders."),
    (False, False): _l("Saved: you get neither the reminders nor the weekly digest."),
}
# each kind of mail switched alone (forum.committee.forms.MAIL_TOPIC_LABELS but the reminders and the digest,
# said together by MAIL_SAVED) → (the sentence when the member wants it, when they do not)
TOPIC_SAVED = {
    "news": (_l("You will get an e-mail when the report is published."),
             _l("You will not get an e-mail when the report is published.")),
    "progress": (_l("You will get e-mails with news of what becomes of the ideas."),
                 _l("You will not get e-mails with news of what becomes of the ideas.")),
    "link": (_l("You will get your committee link by e-mail when the organizers send it."),
             _l("You will not get your committee link by e-mail.")),
}
assert set(TOPIC_SAVED) | set(committee.PLAN_MAIL_TOPICS) == set(MAIL_TOPIC_LABELS), "a kind of mail says nothing saved"


@blueprint.route("/mail", methods=["POST"])
@ratelimit.limit("20 per minute")
def mail(token: str):
    member = committee.member_for_token(token)
    form = MailForm()
    if not form.validate_on_submit():  # checkboxes: only a missing CSRF token is refused
        abort(400)
    topics = committee.member_mail_topics(member)
    committee.choose_mail(member, {topic: form[topic].data for topic in topics})
    saved = [MAIL_SAVED[form.reminders.data, form.digest.data]] if "reminders" in topics else []
    saved += [TOPIC_SAVED[topic][0 if form[topic].data else 1] for topic in topics if topic in TOPIC_SAVED]
    flash(joined(*saved), "success")
    return _back(token, "#mail")
