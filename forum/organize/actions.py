"""The steering committee's action plan (items, owners, follow-ups, exports) and the committee page."""
from __future__ import annotations

import datetime
from collections import Counter

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from analysis.report.actionplan import actions_csv, actions_ical, draft_actions
from forum.database import begin_write
from forum.extensions import db
from forum.models import ActionItem, FollowUp, IdeaCard, IdeaTheme, StakeholderGroup, SteeringSignup, Theme, utcnow
from forum.organize import blueprint
from forum.organize.access import owned_child, owned_forum
from forum.organize.report_forms import STATUS_LABELS, ActionItemForm, FollowUpForm, SteeringModelForm
from forum.services.analysis_runs import latest_run
from forum.services.forums import slugify
from forum.services.reports import action_rows


def _owners(forum) -> list[SteeringSignup]:
    """Steering-committee sign-ups who agreed to own action items (and have not withdrawn)."""
    return list(db.session.scalars(select(SteeringSignup).where(
        SteeringSignup.forum_id == forum.id, SteeringSignup.consents_to_owner_role.is_(True),
        SteeringSignup.withdrawn_at.is_(None)).order_by(SteeringSignup.name)))


def _last_position(forum) -> int:
    """The highest position of the forum's action items (0 without any): new items go after it."""
    return db.session.scalar(select(func.coalesce(func.max(ActionItem.position), 0))
                             .where(ActionItem.forum_id == forum.id))


def _item_form(forum, run, owners: list[SteeringSignup], item: ActionItem | None = None) -> ActionItemForm:
    """The item's form; ``run`` (the latest analysis run) gives the themes, ``owners`` the possible owners."""
    form = ActionItemForm(obj=item)
    form.set_choices(list(run.themes) if run else [], forum.groups, owners, item.owner if item else None)
    if request.method == "GET" and item is not None:
        form.theme_id.data, form.lead_group_id.data = item.theme_id or 0, item.lead_group_id or 0
        form.owner_signup_id.data = item.owner_signup_id or 0
    return form


def _apply(form: ActionItemForm, item: ActionItem) -> None:
    item.title, item.description = form.title.data, form.description.data or None
    item.theme_id = form.theme_id.data or None
    if item.theme_id:
        item.priority_label = db.session.get(Theme, item.theme_id).label[:200]
    item.lead_group_id = form.lead_group_id.data or None
    item.owner_signup_id = form.owner_signup_id.data or None
    item.due_date, item.status = form.due_date.data, form.status.data


@blueprint.route("/forums/<int:forum_id>/actions", methods=["GET", "POST"])
def action_list(forum_id: int):
    forum = owned_forum(forum_id)
    run, owners = latest_run(forum), _owners(forum)
    form = _item_form(forum, run, owners)
    if form.validate_on_submit():
        item = ActionItem(forum_id=forum.id, position=_last_position(forum) + 1)
        _apply(form, item)
        db.session.add(item)
        db.session.commit()
        flash(_("Action item added."), "success")
        return redirect(url_for("organize.action_list", forum_id=forum.id))
    return render_template("organize/actions.html", forum=forum, form=form, rows=action_rows(forum),
                           statuses=STATUS_LABELS, has_run=run is not None,
                           owners=owners), 422 if form.errors else 200


@blueprint.route("/forums/<int:forum_id>/actions/draft", methods=["POST"])
def action_draft(forum_id: int):
    forum = owned_forum(forum_id)
    run = latest_run(forum)
    priorities = ((run.results or {}).get("priorities") or []) if run else []
    if not priorities:
        flash(_("Run the analysis first: action items are drafted from its top priorities."), "error")
        return redirect(url_for("organize.action_list", forum_id=forum.id))
    begin_write(db.session)
    themes = {theme.key: theme for theme in run.themes}
    groups = {group.key: group for group in forum.groups}
    rows = db.session.execute(select(Theme.key, StakeholderGroup.key)
                              .join(IdeaTheme, IdeaTheme.theme_id == Theme.id)
                              .join(IdeaCard, IdeaCard.id == IdeaTheme.idea_id)
                              .outerjoin(StakeholderGroup, StakeholderGroup.id == IdeaCard.group_id)
                              .where(Theme.run_id == run.id, IdeaCard.deleted_at.is_(None)))
    by_theme: dict = {}
    for theme_key, group_key in rows:
        by_theme.setdefault(theme_key, []).append(group_key)
    existing = set(db.session.scalars(select(ActionItem.priority_label).where(ActionItem.forum_id == forum.id)))
    covered = {key for key, theme in themes.items() if theme.label[:200] in existing}
    position = _last_position(forum)
    drafts = draft_actions([dict(p, label=themes[p["theme_key"]].label) for p in priorities
                            if p.get("theme_key") in themes], by_theme, datetime.date.today(),
                           existing_theme_keys=covered)
    for n, draft in enumerate(drafts, position + 1):
        db.session.add(ActionItem(forum_id=forum.id, title=draft.title, description=draft.description or None,
                                  theme_id=themes[draft.theme_key].id, priority_label=draft.priority_label,
                                  lead_group_id=groups[draft.lead_group].id if draft.lead_group in groups else None,
                                  due_date=draft.due_date, position=n))
    db.session.commit()
    if drafts:
        flash(_("%(n)s action items drafted from the top priorities. Give each an owner and check the due dates.",
                n=len(drafts)), "success")
    else:
        flash(_("Every top priority already has an action item."), "info")
    return redirect(url_for("organize.action_list", forum_id=forum.id))


@blueprint.route("/forums/<int:forum_id>/actions/<int:action_id>", methods=["GET", "POST"])
def action_edit(forum_id: int, action_id: int):
    forum = owned_forum(forum_id)
    item = owned_child(forum, ActionItem, action_id)
    form = _item_form(forum, latest_run(forum), _owners(forum), item)
    if form.validate_on_submit():
        if form.status.data != item.status:
            item.follow_ups.append(FollowUp(note=_("Status changed."), status_change=form.status.data))
        _apply(form, item)
        db.session.commit()
        flash(_("Action item saved."), "success")
        return redirect(url_for("organize.action_list", forum_id=forum.id))
    return render_template("organize/action_edit.html", forum=forum, item=item, form=form,
                           follow_up_form=FollowUpForm(formdata=None), statuses=STATUS_LABELS,
                           today=datetime.date.today()), 422 if form.errors else 200


@blueprint.route("/forums/<int:forum_id>/actions/<int:action_id>/follow-ups", methods=["POST"])
def action_follow_up(forum_id: int, action_id: int):
    forum = owned_forum(forum_id)
    item = owned_child(forum, ActionItem, action_id)
    form = FollowUpForm()
    if not form.validate_on_submit():
        edit_form = _item_form(forum, latest_run(forum), _owners(forum), item)
        return render_template("organize/action_edit.html", forum=forum, item=item, form=edit_form,
                               follow_up_form=form, statuses=STATUS_LABELS, today=datetime.date.today()), 422
    item.follow_ups.append(FollowUp(note=form.note.data, author=form.author.data or None,
                                    status_change=form.status_change.data or None))
    if form.status_change.data:
        item.status = form.status_change.data
    db.session.commit()
    flash(_("Follow-up logged."), "success")
    return redirect(url_for("organize.action_edit", forum_id=forum.id, action_id=item.id) + "#follow-ups")


@blueprint.route("/forums/<int:forum_id>/actions/<int:action_id>/delete", methods=["POST"])
def action_delete(forum_id: int, action_id: int):
    forum = owned_forum(forum_id)
    db.session.delete(owned_child(forum, ActionItem, action_id))
    db.session.commit()
    flash(_("Action item deleted."), "success")
    return redirect(url_for("organize.action_list", forum_id=forum.id))


@blueprint.route("/forums/<int:forum_id>/actions.<any(csv, ics):ext>")
def action_export(forum_id: int, ext: str):
    forum = owned_forum(forum_id)
    rows = action_rows(forum)
    name = f"{slugify(forum.name).replace('_', '-')}-action-plan.{ext}"
    if ext == "csv":
        rows = [dict(row, status=str(STATUS_LABELS[row["status"]]),
                     latest_follow_up=row["latest_follow_up"]["note"] if row["latest_follow_up"] else "")
                for row in rows]
        content, mimetype = actions_csv(rows, bom=True), "text/csv; charset=utf-8"
    else:
        rows = [dict(row, status_label=str(STATUS_LABELS[row["status"]])) for row in rows]
        content = actions_ical(f"{forum.name} — action plan", rows, request.host.split(":")[0] or "forum.local",
                               utcnow())
        mimetype = "text/calendar; charset=utf-8"
    return Response(content, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@blueprint.route("/forums/<int:forum_id>/steering", methods=["GET", "POST"])
def steering(forum_id: int):
    forum = owned_forum(forum_id)
    form = SteeringModelForm(obj=forum)
    if form.validate_on_submit():
        if form.steering_model.data != forum.steering_model:
            forum.steering_model_decided_at = utcnow()
        forum.steering_model = form.steering_model.data
        forum.steering_model_note = form.steering_model_note.data or None
        db.session.commit()
        flash(_("The way the steering committee is formed is recorded."), "success")
        return redirect(url_for("organize.steering", forum_id=forum.id))
    signups = db.session.scalars(select(SteeringSignup).where(SteeringSignup.forum_id == forum.id)
                                 .order_by(SteeringSignup.withdrawn_at.is_not(None), SteeringSignup.name)).all()
    rows = action_rows(forum)
    owned = Counter(row["owner_signup_id"] for row in rows if row["owner_signup_id"] is not None)
    return render_template("organize/steering.html", forum=forum, form=form, signups=signups, rows=rows,
                           owned=owned, statuses=STATUS_LABELS,
                           overdue=sum(1 for row in rows if row["overdue"])), 422 if form.errors else 200
