"""The steering committee's action plan (items, owners, follow-ups, exports) and the committee page."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from analysis.report.actionplan import actions_csv, actions_ical, actions_xlsx, is_overdue
from forum import ratelimit
from forum.confirmation import ask_to_confirm, confirmed
from forum.dates import long_date, today
from forum.errors import abort_with
from forum.flashes import day, flash, joined, listed
from forum.forms import written_in
from forum.http_response import XLSX_MIMETYPE, download
from forum.input_filters import normal_email
from forum.lazy_text import lazy_gettext as _l
from forum.lazy_text import lazy_ngettext as _ln
from forum.mail import MailNotSent, mail_enabled
from forum.models import ACTION_STATUSES, MAIL_TOPIC_NAMES, STEERING_MODELS, ActionItem, SteeringSignup, utcnow
from forum.models.translated import LANGUAGES
from forum.organize import blueprint
from forum.organize.access import can, forum_with_role, may_open, owned_child, owned_forum, requires
from forum.organize.report_forms import (ActionItemForm, EditedActionItemForm, FollowUpForm, LinkExpiryForm,
                                         NewActionItemForm, RemindersForm, SteeringModelForm)
from forum.roles import Action, may
from forum.services import action_plan as plan
from forum.services import committee, link_mail, mailing, progress, reminders
from forum.services.analysis_runs import latest_run
from forum.services.participation import help_offered_in_evaluation, is_committee_member
from forum.services.reports import file_stem
from forum.services.seen_values import ChangedMeanwhile
from forum.translated_field import LANGUAGE_LABELS
from forum.urls import parse_id, phone_url, public_host


def _item_form(forum, run, owners: list[SteeringSignup], item: ActionItem | None = None) -> ActionItemForm:
    """The item's form (a new item's without ``item``); ``run`` (the latest analysis run) gives the themes,
    ``owners`` the possible owners."""
    form = EditedActionItemForm(obj=item) if item is not None else NewActionItemForm()
    themes = list(run.themes) if run else []
    kept = item is not None and plan.kept_priority(item, themes)
    form.set_choices(themes, forum.groups, owners, item.owner if item else None,
                     kept_priority=plan.priority_name(item) if kept else None)
    if request.method == "GET" and item is not None:
        form.theme_id.data = plan.KEPT_PRIORITY if kept else (item.theme_id or 0)
        form.lead_group_id.data = item.lead_group_id or 0
        form.owner_signup_id.data = item.owner_signup_id or 0
        form.status_seen.data = item.status
        form.changes_seen.data = plan.last_change_id(item)
    elif kept and item.theme_id is not None and form.theme_id.data == item.theme_id:
        form.theme_id.data = plan.KEPT_PRIORITY  # a form opened before the latest analysis: its priority as it is
    return form


def _edit_page(forum, item: ActionItem, form: ActionItemForm, follow_up_form: FollowUpForm,
               refused: bool = False, meanwhile: plan.EditedMeanwhile | None = None) -> str:
    """The item's page; ``refused``: a change of status or owner was refused as the item was carried over (the page
    says where to make it, with a link to the item there when the organizer may open that edition); ``meanwhile``:
    the save was refused as someone else changed the item since the form was opened (the page says who changed
    what, and what the item holds now, above the form as the organizer filled it in)."""
    carried_to = [_in_another_edition(later) for later in plan.carried_into(item)]
    proposed_earlier = plan.proposed_earlier(item)
    roles = {}
    overdue = not carried_to and is_overdue(item.status, item.due_date, today(forum))
    return render_template("organize/action_edit.html", forum=forum, item=item, form=form,
                           follow_up_form=follow_up_form, statuses=ACTION_STATUSES,
                           refused_carried_over=carried_to if refused else [],
                           carried_over_hint=_("Carried over to a later edition: its status and owner are changed "
                                               "there.") if carried_to else None,
                           describe_change=lambda change: plan.describe_change(
                               change, may_name=lambda other: may_open(other, roles)),
                           carried_from=_in_another_edition(item.carried_from)
                           if item.carried_from and not proposed_earlier else None,
                           # a proposal carried over and accepted here: where it was proposed, not "Carried over"
                           proposed_at=_in_another_edition(item.carried_from) if proposed_earlier else None,
                           carried_to=carried_to,
                           meanwhile=_meanwhile(item, form, meanwhile) if meanwhile else None,
                           overdue=overdue, overdue_words=plan.due_in_words(
                               {"due": item.due_date, "status": item.status, "overdue": overdue}, today(forum),
                               on_pages=True)
                           if overdue else None)


def _saved_value(item: ActionItem, name: str) -> str:
    """What the item holds now in the form's field ``name``, as the page shows it ("—": nothing)."""
    if name == "title":
        return str(item.title)
    if name == "description":
        return str(item.description) or "—"
    if name == "theme":
        return str(plan.priority_name(item)) or "—"
    if name == "lead_group":
        return str(item.lead_group.name) if item.lead_group else "—"
    if name == "owner":
        return item.owner.name if item.owner else "—"
    if name == "due_date":
        return long_date(item.due_date) if item.due_date else "—"
    return str(ACTION_STATUSES[item.status])


def _saved_text(item: ActionItem, name: str):
    """The text typed in a language that field ``name`` shows (a title, the theme's name), for the page to mark the
    language it is shown in when it is not the page's (a title only written in French); None for the others."""
    if name in ("title", "description"):
        return getattr(item, name)
    if name == "theme":
        return plan.priority_name(item)
    if name == "lead_group" and item.lead_group:
        return item.lead_group.name
    return None


def _meanwhile(item: ActionItem, form: EditedActionItemForm, refused: plan.EditedMeanwhile) -> dict:
    """What the page says of a save refused as someone changed the item meanwhile: each change (who, what, when)
    and what the changed fields hold now; the form, kept as the organizer filled it in, now counts as opened after
    those changes, so that saving it again replaces them knowingly. A status they left as it was shows the item's
    status now."""
    if form.status.data == form.status_seen.data:
        form.status.data = item.status
    form.status_seen.data = item.status
    form.changes_seen.data = plan.last_change_id(item)
    labels = {"title": form.title.label.text, "description": form.description.label.text,
              "theme": form.theme_id.label.text, "lead_group": form.lead_group_id.label.text,
              "owner": form.owner_signup_id.label.text, "due_date": form.due_date.label.text,
              "status": form.status.label.text}
    changes = []
    for change in refused.changes:
        if change.author_user is not None:
            who = _("You, in another tab or window") if change.author_user_id == current_user.id \
                else _("%(name)s (organizer)", name=change.author_user.name)
        elif change.author_signup is not None:
            who = _("%(name)s (committee member)", name=change.author_signup.name)
        else:
            who = _("Someone whose account was since removed")
        changes.append({"who": who, "what": plan.describe_change(change), "when": change.created_at})
    now = []
    for name in plan.changed_fields(refused.changes):
        both = _both_languages(item, name)
        if both:  # a title or description in English and French: each, as the organizer may have changed either
            now += [{"label": _("%(field)s (%(language)s)", field=labels[name], language=LANGUAGE_LABELS[code]),
                     "value": text, "lang": code} for code, text in both]
        else:
            now.append({"label": labels[name], "value": _saved_value(item, name), "text": _saved_text(item, name)})
    return {"changes": changes, "now": now}


def _both_languages(item: ActionItem, name: str) -> list[tuple[str, str]]:
    """The item's title or description now as (language, text) in each language, when it has both (else [])."""
    if name not in ("title", "description"):
        return []
    value = getattr(item, name)
    texts = [(code, getattr(value, code)) for code in LANGUAGES]
    return texts if all(text for _code, text in texts) else []


def _in_another_edition(item: ActionItem, roles: dict | None = None) -> dict:
    """The same item in another edition: its forum's name and the item's page if the user has a role there,
    else neither (the page then says "another edition": a forum is named only to those who may open it).
    ``roles``: the editions and the user's roles there looked up already, by forum id."""
    roles = {} if roles is None else roles
    if item.forum_id not in roles:
        roles[item.forum_id] = forum_with_role(item.forum_id, current_user.id)
    other, role = roles[item.forum_id]
    if not may(role, Action.VIEW):
        return {"forum": None, "url": None}
    return {"forum": other.name, "url": url_for("organize.action_edit", forum_id=item.forum_id, action_id=item.id)}


def _carried_to(forum) -> dict[int, list[dict]]:
    """For each of the plan's items a later edition carried over, that edition's item (``_in_another_edition``),
    for the links to it."""
    roles = {}
    return {item_id: [_in_another_edition(later, roles) for later in laters]
            for item_id, laters in plan.carried_into_by_item(forum.id).items()}


def _carried_from(forum, rows: list[dict]) -> dict[int, dict]:
    """For each of the plan's items carried over from an earlier edition, that edition's item
    (``_in_another_edition``), for the link to it; and for each proposal carried over still waiting for a decision.
    Not for a proposal carried over and accepted here (``rows``' ``proposed_last_year``): it is this edition's item
    now, as one proposed and accepted here; its page and history say where it was proposed."""
    roles, accepted_here = {}, {row["id"] for row in rows if row["proposed_last_year"]}
    return {item_id: _in_another_edition(earlier, roles)
            for item_id, earlier in plan.carried_from_by_item(forum.id).items() if item_id not in accepted_here}


def _exports(rows: list[dict]) -> dict[str, bool]:
    """Which of the plan's exports hold something: the spreadsheets an item, the calendar an item with a due date
    still to be met (not done or dropped)."""
    return {"csv": bool(rows), "xlsx": bool(rows), "ics": bool(plan.calendar_rows(rows))}


def _roster(forum) -> str:
    """The steering page at its list of members, where the organizer changes a member's link or membership."""
    return url_for("organize.steering", forum_id=forum.id) + "#roster-h"


def _link_requests(forum, signups: list[SteeringSignup] | None = None) -> list[SteeringSignup]:
    """The members whose committee link expired and who asked for a new one that they have not been given yet."""
    on_the_day = today(forum)
    return [s for s in (plan.steering_signups(forum) if signups is None else signups)
            if committee.new_link_requested(s, on_the_day)]


def _link_renewals(forum, signups: list[SteeringSignup] | None = None) -> list[SteeringSignup]:
    """The members whose committee link works for a week or less and who asked for a new one that they have not
    been given yet (committee.renewal_requested)."""
    on_the_day = today(forum)
    return [s for s in (plan.steering_signups(forum) if signups is None else signups)
            if committee.renewal_requested(s, on_the_day)]


ITEM_GONE = _l("This action item is no longer in the plan: someone may have deleted it while you had its page open.")
NOTHING_SAVED = _l("Nothing was saved.")


def _item_gone() -> str:
    """What a page of an action item someone deleted says (a form sent from it adds that nothing was saved)."""
    return f"{ITEM_GONE} {NOTHING_SAVED}" if request.method == "POST" else str(ITEM_GONE)


def _fields(form: ActionItemForm) -> plan.ItemFields:
    return plan.ItemFields(title=form.title.data, description=form.description.data, theme_id=form.theme_id.data,
                           lead_group_id=form.lead_group_id.data, owner_signup_id=form.owner_signup_id.data,
                           due_date=form.due_date.data, status=form.status.data)


WEEK_SHOWN = 20  # lines of the plan's changes this week on the Action plan page (each item's page has its history)


@blueprint.route("/forums/<int:forum_id>/actions", methods=["GET", "POST"])
@requires(Action.VIEW, post=Action.MANAGE)
def action_list(forum_id: int):
    forum = owned_forum(forum_id)
    run, owners = latest_run(forum), plan.owners(forum)
    form = _item_form(forum, run, owners)
    if form.validate_on_submit():
        new = plan.add_item(forum, _fields(form), by=current_user, client_id=form.client_id.data)
        flash(_l("Action item added.") if new else _l("This action item was already added."), "success")
        return redirect(url_for("organize.action_list", forum_id=forum.id))
    rows = plan.action_item_records(forum, str(get_locale()))
    week, more_changes = reminders.plan_changes_this_week(forum, today(forum), may_open, WEEK_SHOWN)
    return render_template("organize/actions.html", forum=forum, form=form, week=week, more_changes=more_changes,
                           rows=rows, due_words=plan.due_words(rows, today(forum)),
                           exports=_exports(rows), carried_to=_carried_to(forum),
                           carried_from=_carried_from(forum, rows),
                           statuses=ACTION_STATUSES, has_run=run is not None, owners=owners,
                           proposals=plan.pending_proposals(forum),
                           link_requests=_link_requests(forum), link_renewals=_link_renewals(forum),
                           progress_link=phone_url("public.progress_page", token=progress.progress_token(forum)) if forum.progress_shared else None
                           ), 422 if form.errors else 200


@blueprint.route("/forums/<int:forum_id>/actions/draft", methods=["POST"])
@requires(Action.MANAGE)
def action_draft(forum_id: int):
    forum = owned_forum(forum_id)
    run = latest_run(forum)
    priorities = ((run.results or {}).get("priorities") or []) if run else []
    if not priorities:
        flash(_l("Run the analysis first: action items are drafted from its top priorities."), "error")
        return redirect(url_for("organize.action_list", forum_id=forum.id))
    drafted = plan.draft_from_priorities(forum, run)
    if drafted:
        flash(_l("%(n)s action items drafted from the top priorities. Give each an owner and check the due dates.",
                n=drafted), "success")
    else:
        flash(_l("Every top priority already has an action item."), "info")
    return redirect(url_for("organize.action_list", forum_id=forum.id))


@blueprint.route("/forums/<int:forum_id>/actions/<int:action_id>", methods=["GET", "POST"])
@requires(Action.VIEW, post=Action.MANAGE)
def action_edit(forum_id: int, action_id: int):
    forum = owned_forum(forum_id)
    item = owned_child(forum, ActionItem, action_id, missing=_item_gone())
    form = _item_form(forum, latest_run(forum), plan.owners(forum), item)
    if form.validate_on_submit():
        try:
            plan.update_item(item, _fields(form), by=current_user, status_seen=form.status_seen.data,
                             changes_seen=parse_id(form.changes_seen.data or ""))
        except plan.CarriedOver:
            return _edit_page(forum, item, form, FollowUpForm(formdata=None), refused=True), 409
        except plan.EditedMeanwhile as meanwhile:
            return _edit_page(forum, item, form, FollowUpForm(formdata=None), meanwhile=meanwhile), 409
        flash(_l("Action item saved."), "success")
        return redirect(url_for("organize.action_list", forum_id=forum.id))
    return _edit_page(forum, item, form, FollowUpForm(formdata=None)), 422 if form.errors else 200


@blueprint.route("/forums/<int:forum_id>/actions/<int:action_id>/follow-ups", methods=["POST"])
@requires(Action.MANAGE)
def action_follow_up(forum_id: int, action_id: int):
    forum = owned_forum(forum_id)
    item = owned_child(forum, ActionItem, action_id, missing=_item_gone())
    form = FollowUpForm()
    if not form.validate_on_submit():
        return _edit_page(forum, item, _item_form(forum, latest_run(forum), plan.owners(forum), item), form), 422
    try:
        new = plan.log_follow_up(item, form.note.data, form.author.data, form.status_change.data, by=current_user,
                                 client_id=form.client_id.data, language=written_in(form, forum))
    except plan.CarriedOver:
        return _edit_page(forum, item, _item_form(forum, latest_run(forum), plan.owners(forum), item), form,
                          refused=True), 409
    flash(_l("Follow-up logged.") if new else _l("This follow-up was already logged."), "success")
    return redirect(url_for("organize.action_edit", forum_id=forum.id, action_id=item.id) + "#follow-ups")


@blueprint.route("/forums/<int:forum_id>/actions/<int:action_id>/delete", methods=["POST"])
@requires(Action.MANAGE)
def action_delete(forum_id: int, action_id: int):
    forum = owned_forum(forum_id)
    item = owned_child(forum, ActionItem, action_id, missing=str(ITEM_GONE))
    if not confirmed():
        return ask_to_confirm(
            _("Delete “%(title)s”?", title=item.title),
            _("Its follow-ups and its history go with it, and the committee no longer sees it. This cannot be undone."),
            _("Delete the action item"), url_for("organize.action_edit", forum_id=forum.id, action_id=item.id))
    plan.delete_item(item)
    flash(_l("Action item deleted."), "success")
    return redirect(url_for("organize.action_list", forum_id=forum.id))


@blueprint.route("/forums/<int:forum_id>/actions/<int:action_id>/<any(accept, decline):decision>", methods=["POST"])
@requires(Action.MANAGE)
def action_proposal(forum_id: int, action_id: int, decision: str):
    forum = owned_forum(forum_id)
    item = owned_child(forum, ActionItem, action_id, missing=_item_gone())
    if decision == "decline" and not confirmed():  # Decline sits beside Accept
        plan.check_proposal_open(item)  # 409 for one decided or carried over meanwhile (a tab left open)
        return ask_to_confirm(
            _("Decline the proposal “%(title)s”?", title=item.title),
            _("It stays out of the action plan for good: it cannot be accepted later. The member who proposed it "
              "reads it as declined on their committee page."),
            _("Decline the proposal"), url_for("organize.action_list", forum_id=forum.id, _anchor="proposals"))
    plan.decide_proposal(item, decision == "accept", by=current_user)
    if decision == "decline":
        flash(_l("The proposal was declined."), "success")
    elif item.owner_signup_id is None and item.proposed_by is not None and item.proposed_by.withdrawn_at is not None:
        # its proposer left the committee: it is nobody's (``plan.no_owner_who_left``)
        flash(_l("The proposal is in the action plan. Its proposer left the committee: choose an owner for it."),
              "success")
    else:
        flash(_l("The proposal is in the action plan."), "success")
    return redirect(url_for("organize.action_list", forum_id=forum.id))


@blueprint.route("/forums/<int:forum_id>/progress-page/<any(share, replace, off):change>", methods=["POST"])
@requires(Action.MANAGE)
def progress_link(forum_id: int, change: str):
    """Share the public progress page, give it a new link (the old one stops working), or turn it off."""
    forum = owned_forum(forum_id)
    back = url_for("organize.action_list", forum_id=forum.id) + "#progress-h"
    if change != "share" and forum.progress_shared and not confirmed():
        if change == "off":
            return ask_to_confirm(
                _("Turn off the public progress page?"),
                _("Anyone opening its link, participants and partners included, no longer sees the plan's progress. "
                  "Share it again later and the same link works again."),
                _("Turn off the progress page"), back)
        return ask_to_confirm(
            _("Give the progress page a new link?"),
            _("The current link stops working for good, wherever it was shared: send the new one."),
            _("Make a new link"), back)
    if change == "off":
        progress.stop_sharing(forum)
        flash(_l("The public progress page is turned off."), "success")
    else:
        progress.share(forum, new_link=change == "replace")
        flash(_l("The public progress page is on; copy its link to share it."), "success")
    return redirect(back)


@blueprint.route("/forums/<int:forum_id>/progress-page/descriptions/<any(show, hide):change>", methods=["POST"])
@requires(Action.MANAGE)
def progress_descriptions(forum_id: int, change: str):
    """Show the items' descriptions on the public progress page, or keep them off it."""
    forum = owned_forum(forum_id)
    progress.show_descriptions(forum, change == "show")
    flash(_l("The public progress page shows each action's description.") if change == "show"
          else _l("The public progress page no longer shows the actions' descriptions."), "success")
    return redirect(url_for("organize.action_list", forum_id=forum.id) + "#progress-h")


@blueprint.route("/forums/<int:forum_id>/actions.<any(csv, xlsx):ext>")
@requires(Action.CONTACTS)
def action_export(forum_id: int, ext: str):
    """The whole plan, the owners' e-mail addresses included, for a spreadsheet."""
    return _plan_download(owned_forum(forum_id), ext, contacts=True)


@blueprint.route("/forums/<int:forum_id>/actions.ics")
@requires(Action.VIEW)
def action_calendar(forum_id: int):
    """The plan's due dates for a calendar, for every role that reads the plan: the items' owners named only
    to those who may see the committee's contacts (a calendar file travels to shared calendars and phones)."""
    return _plan_download(owned_forum(forum_id), "ics", contacts=can(Action.CONTACTS))


@blueprint.route("/forums/<int:forum_id>/actions/without-contacts.<any(csv, xlsx):ext>")
@requires(Action.VIEW)
def action_export_without_contacts(forum_id: int, ext: str):
    """The plan for every role that reads it (viewers too): its page's columns and more, no e-mail address."""
    return _plan_download(owned_forum(forum_id), ext, contacts=False)


def _plan_download(forum, ext: str, contacts: bool):
    locale = str(get_locale())
    rows = plan.action_item_records(forum, locale)
    if not _exports(rows)[ext]:  # an empty file would look like an export of a plan with nothing to do
        abort_with(404, _("The action plan has no items yet: there is nothing to export.") if not rows else
                   _("The action items with a due date are all done or dropped: there is nothing to put in a "
                     "calendar.") if plan.dated_rows(rows) else
                   _("No action item has a due date yet: there is nothing to put in a calendar."))
    name = f"{file_stem(forum, 'action_plan', locale)}.{ext}"  # "…-plan-d-action.csv" in French
    if ext == "ics":  # the items still to do: a done or dropped item's date is no deadline (plan.calendar_rows)
        rows = [dict(row, status_label=str(ACTION_STATUSES[row["status"]]), **({} if contacts else {"owner": None}))
                for row in plan.calendar_rows(rows)]
        content = actions_ical(_("%(forum)s — action plan", forum=forum.name), rows, public_host(), utcnow(),
                               lang=locale, forum_id=forum.id)
        return download(content, name, content_type="text/calendar; charset=utf-8")
    rows = [dict(row, status=str(ACTION_STATUSES[row["status"]]),
                 latest_follow_up=row["latest_follow_up"]["note"] if row["latest_follow_up"] else "")
            for row in rows]
    if ext == "csv":
        return download(actions_csv(rows, lang=locale, bom=True, contacts=contacts), name,
                        content_type="text/csv; charset=utf-8")
    return download(actions_xlsx(rows, lang=locale, contacts=contacts), name, mimetype=XLSX_MIMETYPE)


def _mail_switched_off(forum, signups: list[SteeringSignup]) -> dict[int, list[str]]:
    """Each member → the kinds of mail they switched off (on their page or through a message's link),
    for the organizers to know who will not read a reminder."""
    by_address = mailing.opt_outs_by_address(forum.id)
    return {s.id: [str(name) for topic, name in MAIL_TOPIC_NAMES.items()
                   if topic in by_address.get(normal_email(s.email), ())] for s in signups}


@blueprint.route("/forums/<int:forum_id>/steering", methods=["GET", "POST"])
@requires(Action.CONTACTS)
def steering(forum_id: int):
    forum = owned_forum(forum_id)
    form = SteeringModelForm(obj=forum)
    if not form.is_submitted():
        form.seen.data = plan.steering_mark(forum)
    if form.validate_on_submit():
        try:
            kept = plan.record_steering_model(forum, form.steering_model.data, form.steering_model_note.data,
                                              seen=form.seen.data)
        except ChangedMeanwhile as meanwhile:
            # the form keeps what was typed, now counting as shown after the other's change: saved again, it
            # replaces it
            form.seen.data = plan.steering_mark(forum)
            return _steering_page(forum, form, meanwhile.status, meanwhile={"where": "model", "fields": [
                {"name": form[slot].label.text, "now": _steering_shown(forum, slot)} for slot in meanwhile.slots]})
        if kept:
            flash(_l("Saved. Someone else changed %(fields)s meanwhile, which you had left as it was: their change "
                     "is kept.", fields=listed([form[slot].label.text for slot in kept])), "success")
        else:
            flash(_l("The way the steering committee is formed is recorded."), "success")
        return redirect(url_for("organize.steering", forum_id=forum.id))
    return _steering_page(forum, form, 422 if form.errors else 200)


def _steering_shown(forum, slot: str) -> str:
    """What the forum records now in the steering form's field ``slot``, as the page shows it (empty: nothing)."""
    if slot == "steering_model":
        return str(STEERING_MODELS[forum.steering_model]) if forum.steering_model else ""
    return forum.steering_model_note or ""


def _steering_page(forum, form: SteeringModelForm, status: int = 200, meanwhile: dict | None = None,
                   expiry: tuple[int, LinkExpiryForm] | None = None):
    """The steering committee page. ``meanwhile``: a save refused as someone changed the same field since ("where":
    "model", or the member's id for their link's date; "fields": each field's name and what it holds now), shown
    above that form as it was typed; ``expiry``: (member id, their link's date form as it was sent)."""
    signups = plan.steering_signups(forum)
    rows, carried_to = plan.action_item_records(forum, str(get_locale())), _carried_to(forum)
    owned = plan.owned_counts(rows)
    links = {s.id: phone_url("committee.page", token=committee.committee_token(s))
             for s in signups if s.committee_link_active}
    expiry_forms = {s.id: LinkExpiryForm(formdata=None, prefix=f"link{s.id}", expires_on=s.committee_link_expires_on,
                                         seen=committee.expiry_mark(s))
                    for s in signups if s.committee_link_active}
    if expiry is not None:
        expiry_forms[expiry[0]] = expiry[1]
    return render_template("organize/steering.html", forum=forum, form=form, signups=signups, rows=rows,
                           owned=owned, owned_in_words=plan.owned_in_words, statuses=ACTION_STATUSES, links=links,
                           expiry_forms=expiry_forms, today=today(forum), mail_on=mail_enabled(),
                           due_words=plan.due_words(rows, today(forum)),
                           link_requests={s.id for s in _link_requests(forum, signups)},
                           link_renewals={s.id for s in _link_renewals(forum, signups)},
                           help_offered=help_offered_in_evaluation(forum.id),
                           sign_up_link=phone_url("participate.steering", code=forum.join_code),
                           reminders_form=RemindersForm(formdata=None, reminders_on=forum.reminders_on,
                                                        seen=plan.reminders_mark(forum)),
                           meanwhile=meanwhile,
                           mail_sent=mailing.sent_summary(forum.id, ("reminders", "digest")),
                           mail_switched_off=_mail_switched_off(forum, signups),
                           mail_refused=reminders.refused_members(forum, signups),
                           carried_to=carried_to, carried_from=_carried_from(forum, rows),
                           overdue=sum(1 for row in rows if row["overdue"])
                           ), status


@blueprint.route("/forums/<int:forum_id>/steering/reminders", methods=["POST"])
@requires(Action.CONTACTS)
def steering_reminders(forum_id: int):
    """Turn this forum's reminders and weekly digest on, or off after a confirmation (the committee stops
    hearing from it)."""
    forum = owned_forum(forum_id)
    switch = RemindersForm()  # CSRFProtect checked the form's token
    turn_on = switch.reminders_on.data
    if forum.reminders_on and not turn_on and not confirmed():
        return ask_to_confirm(
            _("Turn off the reminders and the weekly digest?"),
            _("Owners of action items stop getting a reminder of their items due soon or overdue, and committee "
              "members stop getting the weekly digest of the plan, until you turn them back on."),
            _("Turn off the reminders"), url_for("organize.steering", forum_id=forum.id, _anchor="mail-h"))
    kept = plan.switch_reminders(forum, turn_on, seen=switch.seen.data)
    # One message: where the switch is now, and, when another organizer turned it since this page showed it (and
    # this form left it as it was), that it is theirs
    if kept and forum.reminders_on:
        flash(_l("Someone else turned the reminders and the weekly digest on meanwhile, and you had left them as "
                 "they were: they stay on for this forum."), "success")
    elif kept:
        flash(_l("Someone else turned the reminders and the weekly digest off meanwhile, and you had left them as "
                 "they were: they stay off for this forum, and nobody gets them until they are turned on."), "success")
    else:
        flash(_l("Reminders and the weekly digest are on for this forum.") if forum.reminders_on
              else _l("Reminders and the weekly digest are off for this forum: nobody gets them until you turn them "
                      "on."), "success")
    return redirect(url_for("organize.steering", forum_id=forum.id, _anchor="mail-h"))


@blueprint.route("/forums/<int:forum_id>/steering/<int:signup_id>/link/<any(issue, revoke):change>",
                 methods=["POST"])
@requires(Action.CONTACTS)
def committee_link(forum_id: int, signup_id: int, change: str):
    """Create or replace a member's personal committee link, or switch it off."""
    forum = owned_forum(forum_id)
    signup = owned_child(forum, SteeringSignup, signup_id)
    if change == "issue":
        if signup.committee_link_active and not confirmed():
            return ask_to_confirm(
                _("Make a new committee link for %(name)s?", name=signup.name),
                _("Their current link stops working at once: send them the new one."),
                _("Make a new link"), _roster(forum))
        committee.issue_link(signup)
        flash(_l("A new committee link for %(name)s is ready to copy or to e-mail; any earlier link no longer works.",
                name=signup.name), "success")
    elif signup.committee_link_active and not confirmed():
        return ask_to_confirm(
            _("Switch off the committee link of %(name)s?", name=signup.name),
            _("They can no longer open the plan or update their items through it, and it cannot be switched on "
              "again: to let them back in, make them a new link."),
            _("Switch off the link"), _roster(forum))
    else:
        committee.revoke_link(signup)
        flash(_l("The committee link of %(name)s is switched off.", name=signup.name), "success")
    return redirect(_roster(forum))


@blueprint.route("/forums/<int:forum_id>/steering/<int:signup_id>/link/expiry", methods=["POST"])
@requires(Action.CONTACTS)
def committee_link_expiry(forum_id: int, signup_id: int):
    """Change the last day a member's committee link works."""
    forum = owned_forum(forum_id)
    signup = owned_child(forum, SteeringSignup, signup_id)
    form = LinkExpiryForm(prefix=f"link{signup.id}")
    if not form.validate_on_submit():
        abort_with(422, " ".join(map(str, form.expires_on.errors)))
    try:
        kept = committee.set_link_expiry(signup, form.expires_on.data, seen=form.seen.data)
    except ChangedMeanwhile as meanwhile:
        # the form keeps the date typed, now counting as shown after the other's: saved again, it replaces it
        form.seen.data = committee.expiry_mark(signup)
        model = SteeringModelForm(formdata=None, obj=forum, seen=plan.steering_mark(forum))
        return _steering_page(forum, model, meanwhile.status, expiry=(signup.id, form), meanwhile={
            "where": signup.id, "fields": [{"name": _("%(who)s: %(what)s", who=signup.name,
                                                      what=form.expires_on.label.text),
                                            "now": day(signup.committee_link_expires_on)}]})
    if kept:
        flash(_l("Saved. Someone else changed %(fields)s meanwhile, which you had left as it was: their change is "
                 "kept.", fields=form.expires_on.label.text), "success")
    flash(_l("The committee link of %(name)s now works until %(date)s.", name=signup.name,
            date=day(signup.committee_link_expires_on)), "success")
    return redirect(_roster(forum))


@blueprint.route("/forums/<int:forum_id>/steering/<int:signup_id>/remove", methods=["POST"])
@requires(Action.CONTACTS)
def remove_member(forum_id: int, signup_id: int):
    """Take a member off the steering committee, after a confirmation; their open items lose their owner."""
    forum = owned_forum(forum_id)
    signup = owned_child(forum, SteeringSignup, signup_id)
    if not confirmed():
        owned = len(committee.open_items_of(signup))
        consequence = _("Their committee link stops working and they get no more reminders or weekly digests.")
        if owned:
            consequence += " " + ngettext("Their open action item will need a new owner.",
                                          "Their %(num)d open action items will need a new owner.", owned)
        if is_committee_member(signup):  # the record stays, without the address (participation.forget_address_of_leaver)
            consequence += " " + _("The action plan's history keeps their name; the forum no longer keeps their "
                                   "address, only a coded trace of it, so that an import of sign-ups does not add "
                                   "them again.")
        return ask_to_confirm(
            _("Remove %(name)s from the steering committee?", name=signup.name), consequence,
            _("Remove from the committee"), _roster(forum))
    unowned = committee.remove_member(signup, by=current_user)
    if not unowned:
        flash(_l("%(name)s is no longer on the steering committee.", name=signup.name), "success")
        return redirect(_roster(forum))
    flash(_ln("%(name)s is no longer on the steering committee. Their open item needs a new owner: it is "
                   "marked “Needs an owner” below.",
                   "%(name)s is no longer on the steering committee. Their %(num)d open items need a new owner: "
                   "they are marked “Needs an owner” below.", len(unowned), name=signup.name), "warning")
    return redirect(url_for("organize.action_list", forum_id=forum.id))


@blueprint.route("/forums/<int:forum_id>/steering/<int:signup_id>/try-again", methods=["POST"])
@requires(Action.CONTACTS)
def try_member_address_again(forum_id: int, signup_id: int):
    """The organizer knows that the member's address the mail server refused for good works now: after a
    confirmation, reminders, digests and the report's news are tried to it again."""
    forum = owned_forum(forum_id)
    signup = owned_child(forum, SteeringSignup, signup_id)
    back = _roster(forum)
    committee.check_address_refused(forum, signup.email)  # a second tap, another tab: said now, not after confirming
    if not confirmed():
        return ask_to_confirm(
            _("Try the address of %(name)s again?", name=signup.name),
            _("The mail server refused %(email)s for good. If you know it works now (the mailbox was fixed), "
              "reminders, the weekly digest and the report's news are sent to it again; if it is still refused, it is "
              "marked again.", email=normal_email(signup.email)),
            _("Try this address again"), back)
    committee.try_address_again(forum, signup.email, by=current_user)
    flash(_l("Mail is tried again to %(email)s.", email=normal_email(signup.email)), "success")
    return redirect(back)


def _check_links_can_be_mailed() -> None:
    """409 when no link can be e-mailed now: mail is off, or this organizer reached the invitation mail limit."""
    if not mail_enabled():
        abort_with(409, _("Mail is off on this server (no MAIL_SERVER is set): copy the link and send it yourself."))
    if not ratelimit.allowed("INVITATION_MAIL_LIMIT", current_user.id):
        abort_with(409, _("Your account has sent many e-mails in a short time: wait a while, or copy the link and "
                          "send it yourself."))


def _send_links(forum, planned: link_mail.LinkMailing):
    """Send the planned links, count them against the organizer's mail limit, and say what happened."""
    try:
        delivery = link_mail.send_links(planned, forum)
    except MailNotSent:  # logged; nothing was recorded
        abort_with(503, _("The mail server could not be reached just now: nothing was sent. Try again later."))
    for _message in delivery.sent:
        ratelimit.count("INVITATION_MAIL_LIMIT", current_user.id)
    names = ", ".join(message.recipient.name for message in delivery.sent)
    if delivery.sent:
        flash(_ln("%(num)d committee link e-mailed: %(names)s.", "%(num)d committee links e-mailed: %(names)s.",
                       len(delivery.sent), names=names), "success")
    if delivery.already_sent:
        flash(_ln("%(num)d link was already e-mailed today and was not sent again.",
                       "%(num)d links were already e-mailed today and were not sent again.", delivery.already_sent),
              "info")
    if delivery.gone:  # taken off the committee in another tab, or the record or address removed: no name to give
        flash(_ln("%(num)d link was not sent: its member was taken off the committee, or their record or address "
                  "removed, before it was sent.",
                  "%(num)d links were not sent: their members were taken off the committee, or their records or "
                  "addresses removed, before they were sent.", delivery.gone), "info")
    if moved := delivery.moved:  # a new address given meanwhile: not sent to the old one
        flash(_ln("The address of %(names)s changed before their link was sent: not sent to the old one. E-mail "
                  "the link again to send it to the new one.",
                  "The addresses of %(num)d members changed before their links were sent: not sent to the old ones "
                  "(%(names)s). E-mail the links again to send them to the new ones.", len(moved),
                  names=", ".join(message.recipient.name for message in moved)), "warning")
    if refused := delivery.refused:  # an address the server will never take: sending again would fail again
        flash(_ln("The mail server will not take the address of %(names)s, so trying again will not help: copy "
                  "their link below and send it another way (or check the address with them).",
                  "The mail server will not take the addresses of %(num)d members, so trying again will not help "
                  "for them: %(names)s. Copy their links below and send them another way (or check the addresses "
                  "with them).", len(refused),
                  names=", ".join(f"{message.recipient.name} ({message.recipient.email})" for message in refused)),
              "error")
    if to_try_again := delivery.to_try_again:  # the server out of reach or busy, the connection lost
        flash(_l("Some links could not be sent (%(names)s): try again later.",
                 names=", ".join(message.recipient.name for message in to_try_again)), "error")
    return redirect(_roster(forum))


def _skipped_sentence(skipped):
    """Who is skipped and why, in the language of the page showing it (forum/flashes.py)."""
    return joined(*[_l("%(name)s is skipped: %(reason)s.", name=signup.name, reason=reason)
                    for signup, reason in skipped])


@blueprint.route("/forums/<int:forum_id>/steering/<int:signup_id>/link/mail", methods=["POST"])
@requires(Action.CONTACTS)
def mail_committee_link(forum_id: int, signup_id: int):
    """E-mail one member their current committee link."""
    forum = owned_forum(forum_id)
    signup = owned_child(forum, SteeringSignup, signup_id)
    _check_links_can_be_mailed()
    link_mail.check_mailable(signup)
    return _send_links(forum, link_mail.LinkMailing(to_send=[signup]))


@blueprint.route("/forums/<int:forum_id>/steering/links/mail/<any(unsent, all):which>", methods=["POST"])
@requires(Action.CONTACTS)
def mail_committee_links(forum_id: int, which: str):
    """E-mail every member with a link theirs (``unsent``: those whose current link was never mailed),
    after a confirmation page saying how many, and who is skipped and why."""
    forum = owned_forum(forum_id)
    _check_links_can_be_mailed()
    planned = link_mail.hold_back_past(
        link_mail.plan_link_mail(forum, plan.steering_signups(forum), only_unsent=which == "unsent"),
        ratelimit.remaining("INVITATION_MAIL_LIMIT", current_user.id))
    back = _roster(forum)
    if not planned.to_send:
        flash(joined(_l("Nobody to e-mail a link to."), _skipped_sentence(planned.skipped)), "info")
        return redirect(back)
    if not confirmed():
        return ask_to_confirm(
            ngettext("E-mail %(num)d member their committee link?", "E-mail %(num)d members their committee link?",
                     len(planned.to_send)),
            " ".join(filter(None, [", ".join(signup.name for signup in planned.to_send) + ".",
                                   str(_skipped_sentence(planned.skipped))])),
            _("Send the e-mails"), back)
    return _send_links(forum, planned)
