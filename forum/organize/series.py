"""Series of forums: create one, add and remove editions, compare them side by side, let others read
the comparison (the series' viewers), and start the next edition from the previous one."""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import pgettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from forum.confirmation import ask_to_confirm, confirmed
from forum.dates import today
from forum.extensions import db
from forum.flashes import flash, listed, marked
from forum.http_response import XLSX_MIMETYPE, download
from forum.lazy_text import lazy_gettext as _l
from forum.mail import mail_enabled
from forum.models import Forum
from forum.organize import blueprint
from forum.organize.access import (can, checked_series, forum_with_role, may_open, named_editions, owned_forum,
                                  requires)
from forum.organize.codebook import merged_themes_note
from forum.organize.member_forms import EmailInviteForm
from forum.organize.members import invitation_link, invite_from, remove_member, withdraw_invitation
from forum.organize.series_forms import NewEditionForm, NewSeriesForm, SeriesForm, SeriesForumForm, SeriesHandOverForm
from forum.roles import Action, may
from forum.services import editions, members
from forum.services import series as series_service
from forum.services.errors import ServiceError
from forum.services.forums import forums_of, slugify
from forum.services.series_comparison import editions_of, figures_csv, figures_xlsx, metrics, theme_rows


@blueprint.route("/series", methods=["GET", "POST"])
def series_list():
    form = NewSeriesForm()
    if form.validate_on_submit():
        series = series_service.create_series(current_user, name=form.name.data, description=form.description.data,
                                              client_id=form.client_id.data or None)
        flash(_l("Series created. Add its editions."), "success")
        return redirect(url_for("organize.series_page", series_id=series.id))
    all_series, shared = series_service.series_of(current_user), series_service.shared_series(current_user)
    return render_template("organize/series_list.html", all_series=all_series, shared=shared,
                           edition_counts=series_service.edition_counts(all_series + shared, current_user.id),
                           invited=series_service.invited_to(current_user), form=form), 422 if form.errors else 200


def _add_form(series) -> SeriesForumForm:
    form = SeriesForumForm()
    form.forum_id.choices = [SelectChoice(0, "—")] + [SelectChoice(f.id, f.name) for f in forums_of(current_user)
                                                      if f.series_id != series.id]
    return form


def _hand_over_form(viewers) -> SeriesHandOverForm:
    """The series can be handed to one of its viewers (who have an account and read it already)."""
    form = SeriesHandOverForm()
    form.membership_id.choices = [(m.id, f"{m.user.name} ({m.user.email})") for m in viewers]
    return form


def _sharing(series, invite_form=None, hand_over_form=None) -> dict:
    """The series' viewers and pending invitations, for its creator's page."""
    invitations, viewers = members.pending_invitations(series), members.members_of(series)
    return {"viewers": viewers,
            "invitations": [(invitation, invitation_link(invitation)) for invitation in invitations],
            "invite_form": invite_form or EmailInviteForm(formdata=None), "mail_on": mail_enabled(),
            "hand_over_form": hand_over_form or _hand_over_form(viewers)}


def _roles_on_editions(shown) -> dict[int, str | None]:
    """The user's role on each edition's forum, by forum id: a role on the series gives none on its forums
    (after a hand-over its owner may have none; a viewer may organize one)."""
    return {edition.forum.id: forum_with_role(edition.forum.id, current_user.id)[1] for edition in shown}


def _render_series(series, add_form=None, edit_form=None, invite_form=None, hand_over_form=None, status=200):
    """The comparison for everyone with a role on the series (of the editions they have a role on, for a reader
    through those roles: the others counted, never named); the forms and the viewers for its creator. An
    edition's name links to its dashboard only for those with a role on its forum."""
    forums, hidden = series_service.comparison_forums(series, current_user.id)
    shown = editions_of(series, forums)
    roles = _roles_on_editions(shown)
    owner = {} if not can(Action.OWN) else {
        "add_form": add_form or _add_form(series), "edit_form": edit_form or SeriesForm(obj=series),
        "next_edition_from": shown[-1].forum if shown and may(roles[shown[-1].forum.id], Action.MANAGE) else None,
        **_sharing(series, invite_form, hand_over_form)}
    dashboards = {forum_id for forum_id, role in roles.items() if may(role, Action.VIEW)}
    # "Started from …" names an edition's previous forum to those who read it in this comparison or may open it,
    # and links it only for the latter
    compared = {edition.forum.id for edition in shown}
    started_from = {edition.forum.id: edition.forum.previous_forum for edition in shown
                    if edition.forum.previous_forum is not None
                    and (edition.forum.previous_forum_id in compared or may_open(edition.forum.previous_forum, roles))}
    openable = {previous.id for previous in started_from.values() if may_open(previous, roles)}
    return render_template("organize/series.html", series=series, editions=shown, metrics=metrics(shown),
                           theme_rows=theme_rows(shown), dashboards=dashboards, hidden=hidden,
                           started_from=started_from, openable=openable, carried_on=any(e.carried_on for e in shown),
                           reads_every_edition=bool(shown) and len(dashboards) == len(shown), **owner), status


@blueprint.route("/series/<int:series_id>")
@requires(Action.VIEW)
def series_page(series_id: int):
    return _render_series(checked_series(series_id))


@blueprint.route("/series/<int:series_id>/figures.<any(csv, xlsx):fmt>")
@requires(Action.VIEW)
def series_figures(series_id: int, fmt: str):
    """The side-by-side figures, one row per edition, for a funder's or a network's spreadsheet."""
    series = checked_series(series_id)
    shown = editions_of(series, series_service.comparison_forums(series, current_user.id)[0])
    what = pgettext("a download's file name: a series' figures", "figures")
    name = f"{slugify(str(series.name), '-', 60, 'series')}-{slugify(what, '-')}.{fmt}"
    if fmt == "csv":
        return download(figures_csv(shown), name, content_type="text/csv; charset=utf-8")
    return download(figures_xlsx(shown, _("Side by side")), name, mimetype=XLSX_MIMETYPE)


@blueprint.route("/series/<int:series_id>/edit", methods=["POST"])
@requires(Action.OWN)
def series_edit(series_id: int):
    series = checked_series(series_id)
    form = SeriesForm()
    if not form.validate_on_submit():
        return _render_series(series, edit_form=form, status=422)
    series_service.update_series(series, name=form.name.data, description=form.description.data)
    flash(_l("Saved."), "success")
    return redirect(url_for("organize.series_page", series_id=series.id))


@blueprint.route("/series/<int:series_id>/delete", methods=["POST"])
@requires(Action.OWN)
def series_delete(series_id: int):
    series = checked_series(series_id)
    if not confirmed():
        return ask_to_confirm(marked(_l("Delete the series %(series)s?", series=series.name)),
                              _("Its forums are kept, in no series.") if series.forums else
                              _("It has no edition: only the series goes, and those who read it lose access."),
                              _("Delete the series"),
                              url_for("organize.series_page", series_id=series.id))
    had_editions = bool(series.forums)
    series_service.delete_series(series)
    flash(_l("Series deleted. Its forums are kept.") if had_editions else _l("Series deleted."), "success")
    return redirect(url_for("organize.series_list"))


@blueprint.route("/series/<int:series_id>/owner", methods=["POST"])
@requires(Action.OWN)
def series_hand_over(series_id: int):
    series = checked_series(series_id)
    viewers = members.members_of(series)
    form = _hand_over_form(viewers)
    if not form.validate_on_submit():
        return _render_series(series, hand_over_form=form, status=422)
    membership = next(viewer for viewer in viewers if viewer.id == form.membership_id.data)
    name = membership.user.name  # the membership is the former creator's once handed over
    series_service.hand_over(series, membership)
    flash(_l("%(name)s now owns this series; you still read its comparison.", name=name), "success")
    return redirect(url_for("organize.series_page", series_id=series.id))


@blueprint.route("/series/<int:series_id>/forums", methods=["POST"])
@requires(Action.OWN)
def series_add_forum(series_id: int):
    series = checked_series(series_id)
    form = _add_form(series)
    if not form.validate_on_submit():
        return _render_series(series, add_form=form, status=422)
    forum = owned_forum(form.forum_id.data)
    try:
        series_service.add_forum(series, forum)
    except ServiceError as error:
        form.forum_id.errors.append(str(error.message))
        return _render_series(series, add_form=form, status=error.status)
    flash(_l("%(forum)s added to the series.", forum=forum.name), "success")
    return redirect(url_for("organize.series_page", series_id=series.id))


@blueprint.route("/series/<int:series_id>/forums/<int:forum_id>/remove", methods=["POST"])
@requires(Action.OWN)
def series_remove_forum(series_id: int, forum_id: int):
    """The series' owner takes any of its editions out of it, theirs or not (after a hand-over the new
    owner may have no role on the forums): it only leaves the comparison and gives no role on the forum."""
    series = checked_series(series_id)
    forum = db.session.get(Forum, forum_id)
    if forum is None or forum.series_id != series.id:
        abort(404)
    if not confirmed():  # one tap beside the edition's name would break its comparison and carry-over figures
        return ask_to_confirm(
            marked(_l("Remove “%(forum)s” from the series “%(series)s”?", forum=forum.name, series=series.name)),
            _("It leaves the comparison: its figures and themes are no longer shown beside the other editions, "
              "and the action items carried over to or from it no longer count in the series' figures. The forum "
              "itself is kept as it is, and can be added back to the series later."),
            _("Remove from the series"), url_for("organize.series_page", series_id=series.id, _anchor="editions-h"))
    series_service.remove_forum(series, forum)
    flash(_l("%(forum)s removed from the series (the forum is kept).", forum=forum.name), "success")
    return redirect(url_for("organize.series_page", series_id=series.id))


@blueprint.route("/series/<int:series_id>/viewers", methods=["POST"])
@requires(Action.MEMBERS)
def series_invite(series_id: int):
    series = checked_series(series_id)
    form = EmailInviteForm()
    if not form.validate_on_submit():
        return _render_series(series, invite_form=form, status=422)
    try:
        return invite_from(form, series, "viewer")
    except ServiceError as refused:
        return _render_series(series, invite_form=form, status=refused.status)


@blueprint.route("/series/<int:series_id>/viewers/<int:membership_id>/remove", methods=["POST"])
@requires(Action.MEMBERS)
def series_viewer_remove(series_id: int, membership_id: int):
    return remove_member(checked_series(series_id), membership_id)


@blueprint.route("/series/<int:series_id>/invitations/<int:invitation_id>/revoke", methods=["POST"])
@requires(Action.MEMBERS)
def series_invitation_revoke(series_id: int, invitation_id: int):
    return withdraw_invitation(checked_series(series_id), invitation_id)


@blueprint.route("/forums/<int:forum_id>/next-edition", methods=["GET", "POST"])
@requires(Action.MANAGE)
def new_edition(forum_id: int):
    previous = owned_forum(forum_id)
    year = editions.next_year(previous, today(previous))
    name, series_name = editions.proposed_names(previous, year)
    committee = editions.committee_to_carry(previous)
    form = NewEditionForm() if request.method == "POST" else \
        NewEditionForm(data={"name": name, "series_name": previous.series.name if previous.series else series_name,
                             "members": [member.id for member in committee.members]})
    form.members.choices = [(member.id, _member_and_role(member)) for member in committee.members]
    later = editions.later_editions(previous)
    merged = [merged_themes_note(labels) for labels in editions.lookalike_themes(previous)]
    status = 200
    if form.validate_on_submit():
        name = editions.dated_name(previous, form.name.data, year, form.date.data)
        try:
            forum = editions.new_edition(previous, current_user, name=name, date=form.date.data,
                                         venue=form.venue.data or None, series_name=form.series_name.data,
                                         client_id=form.client_id.data, again=bool(later and form.again.data),
                                         members=form.members.data if form.committee_offered.data else None)
        except ServiceError as refused:
            form.again.errors = [str(refused.message)]
            status = refused.status
        else:
            flash(_l("The new edition is ready: its setup, codebook and open action items come from %(forum)s.",
                    forum=previous.name), "success")
            for each in merged:
                flash(each, "info")
            return redirect(url_for("organize.dashboard", forum_id=forum.id))
    to_carry, carried = editions.items_to_carry(previous)
    roles = {}  # the reader's roles on the other editions, looked up once for both lists
    carried_already = [{**named, "count": each.count}
                       for named, each in zip(named_editions([each.forum for each in carried], roles), carried)]
    return render_template("organize/new_edition.html", forum=previous, form=form, later=named_editions(later, roles),
                           latest_to_start=_latest_to_start(later), to_carry=to_carry,
                           proposals_to_carry=editions.proposals_to_carry(previous),
                           carried_already=carried_already, members_left=committee.left,
                           merged_themes=merged), 422 if form.errors and status == 200 else status


def _member_and_role(member) -> str:
    """A member of the previous committee as the next edition's form names them: who they are and their role."""
    role = _("member who can own action items") if member.consents_to_owner_role else _("member")
    if member.organization:
        return _("%(name)s (%(organization)s), %(role)s", name=member.name, organization=member.organization,
                 role=role)
    return _("%(name)s, %(role)s", name=member.name, role=role)


def _latest_to_start(later: list[Forum]) -> Forum | None:
    """The latest of the editions started from a forum, when the reader may start the next edition from it."""
    if not later:
        return None
    latest = later[-1]
    return latest if may(forum_with_role(latest.id, current_user.id)[1], Action.MANAGE) else None
