"""The organizer's side of live capture: table links and QR codes, facilitators, the current round."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email

from forum.confirmation import ask_to_confirm, confirmed
from forum.flashes import flash
from forum.input_filters import normal_email
from forum.lazy_text import lazy_gettext as _l
from forum.models import IdeaCard, Round, Table
from forum.organize import blueprint
from forum.organize.access import owned_child, owned_forum, requires
from forum.roles import Action
from forum.organize.counts import cards_by
from forum.organize.wall_link import wall_link_panel
from forum.qr import qr_svg
from forum.services import capture
from forum.services.accounts import confirmed_account_of
from forum.text_lengths import MaxLength
from forum.urls import forum_page_url, phone_url


class CurrentRoundForm(FlaskForm):
    round_id = SelectField(_l("Current round"), coerce=int)

    def set_choices(self, forum) -> None:
        self.round_id.choices = [SelectChoice(0, _("None (facilitators choose)"))] + \
            [SelectChoice(r.id, r.title.in_(str(get_locale()))) for r in forum.rounds]


class FacilitatorForm(FlaskForm):
    email = EmailField(_l("Facilitator's account email"), filters=[normal_email],
                       validators=[DataRequired(), Email(), MaxLength(254)])


def capture_url(table: Table) -> str:
    return phone_url("capture.capture_page", token=table.capture_token)


def short_url(table: Table) -> str:
    """What a person types: the host without the scheme, and the table's code."""
    return phone_url("capture.table_code", code=table.capture_code).split("://", 1)[-1]


def _card_in_other_languages(forum, table: Table, short: str, code_page: str) -> list[dict]:
    """A table card's texts for its facilitator (as the template prints them in the page's language) in each of
    the forum's languages but the page's: the organizer prints the cards in their own language, and a
    facilitator may read only the forum's other one."""
    page_language = str(get_locale())
    texts = []
    for language in forum.language_list:
        if language != page_language:
            with force_locale(language):
                texts.append({"lang": language, "text": " ".join((
                    _("Facilitator: scan this code with the tablet or phone to capture your table's ideas."),
                    _("No camera? Open %(url)s", url=short),
                    _("or type the code %(code)s at %(page)s", code=table.capture_code, page=code_page)))})
    return texts


def _table_rows(forum, code_page: str) -> list[dict]:
    counts = cards_by(forum, IdeaCard.table_id)
    rows = []
    for table in forum.tables:
        url, short = capture_url(table), short_url(table)
        rows.append({
            "table": table, "url": url, "short_url": short, "cards": counts.get(table.id, 0),
            "qr": qr_svg(url, _("QR code of the capture link of table %(n)s", n=table.number)),
            "form": FacilitatorForm(prefix=f"t{table.id}"),
            "other_languages": _card_in_other_languages(forum, table, short, code_page),
        })
    return rows


def _render(forum, round_form, status=200, errors_for=None):
    code_page = phone_url("capture.table_code").split("://", 1)[-1]
    rows = _table_rows(forum, code_page)
    for row in rows:
        if errors_for is not None and row["table"].id == errors_for[0]:
            row["form"] = errors_for[1]
    return render_template("organize/capture.html", forum=forum, rows=rows, round_form=round_form,
                           code_page=code_page, wall_link=wall_link_panel(forum)), status


def current_round_form(forum) -> CurrentRoundForm:
    """The current round's form, on the capture page and the wall."""
    form = CurrentRoundForm(prefix="round")
    form.set_choices(forum)
    if not form.is_submitted():
        form.round_id.data = forum.current_round_id or 0
    return form


@blueprint.route("/forums/<int:forum_id>/capture")
@requires(Action.MANAGE)
def capture_links(forum_id: int):
    forum = owned_forum(forum_id)
    return _render(forum, current_round_form(forum))


@blueprint.route("/forums/<int:forum_id>/capture/round", methods=["POST"])
@requires(Action.MANAGE)
def capture_round(forum_id: int):
    forum = owned_forum(forum_id)
    form = current_round_form(forum)
    if not form.validate_on_submit():
        return _render(forum, form, 422)
    round_ = owned_child(forum, Round, form.round_id.data) if form.round_id.data else None
    capture.set_current_round(forum, round_)
    flash(_l("The current round is now: %(round)s.", round=round_.title) if round_
          else _l("No current round: facilitators choose the round themselves."), "success")
    return redirect(forum_page_url(forum.id, request.form.get("back"),
                                   url_for("organize.capture_links", forum_id=forum.id)))


def _back_to(table: Table):
    return redirect(url_for("organize.capture_links", forum_id=table.forum_id) + f"#table-{table.id}")


@blueprint.route("/forums/<int:forum_id>/capture/tables/<int:table_id>/<any(revoke, restore, reissue):action>",
                 methods=["POST"])
@requires(Action.MANAGE)
def capture_link_action(forum_id: int, table_id: int, action: str):
    forum = owned_forum(forum_id)
    table = owned_child(forum, Table, table_id)
    if action == "revoke" and table.capture_revoked_at is None and not confirmed():
        return ask_to_confirm(
            _("Switch off the capture link of the table “%(table)s”?", table=table.label),
            _("Its facilitator can no longer send cards through the link, its QR code or the table's code; cards "
              "kept on their device wait. You can switch the same link on again from this page."),
            _("Switch off the link"), url_for("organize.capture_links", forum_id=forum.id) + f"#table-{table.id}")
    if action == "revoke":
        capture.revoke_link(table)
        flash(_l("The capture link of the table “%(table)s” is switched off.", table=table.label), "success")
    elif action == "restore":
        capture.restore_link(table)
        flash(_l("The capture link of the table “%(table)s” works again.", table=table.label), "success")
    elif not confirmed():
        return ask_to_confirm(
            _("Make a new capture link for the table “%(table)s”?", table=table.label),
            _("The current link, its QR code and the table's code stop working at once: give the facilitator "
              "the new ones. Cards kept on their device are sent once they open the new link."),
            _("Make a new link"), url_for("organize.capture_links", forum_id=forum.id) + f"#table-{table.id}")
    else:
        capture.reissue_link(table)
        flash(_l("The table “%(table)s” has a new capture link; the old one no longer works.", table=table.label), "success")
    return _back_to(table)


@blueprint.route("/forums/<int:forum_id>/capture/tables/<int:table_id>/facilitator", methods=["POST"])
@requires(Action.MANAGE)
def capture_facilitator(forum_id: int, table_id: int):
    forum = owned_forum(forum_id)
    table = owned_child(forum, Table, table_id)
    if request.form.get("remove"):
        if table.facilitator_user is not None and not confirmed():
            return ask_to_confirm(
                _("Remove %(name)s as the facilitator of the table “%(table)s”?", name=table.facilitator_user.name,
                  table=table.label),
                _("The table leaves their “My tables” and its capture page no longer opens under their account; "
                  "the table's capture link and code keep working. To give it back, type their e-mail here again."),
                _("Remove the facilitator"), url_for("organize.capture_links", forum_id=forum.id) + f"#table-{table.id}")
        capture.assign_facilitator(table, None)
        flash(_l("The table “%(table)s” has no facilitator account now.", table=table.label), "success")
        return _back_to(table)
    form = FacilitatorForm(prefix=f"t{table.id}")
    if not form.validate_on_submit():
        return _render(forum, current_round_form(forum), 422, errors_for=(table.id, form))
    user = confirmed_account_of(form.email.data)
    if user is None:
        form.email.errors.append(_("No account with this email has confirmed it. Ask the facilitator to sign up "
                                   "first and open the link mailed to them, or give them the table's link instead."))
        return _render(forum, current_round_form(forum), 422, errors_for=(table.id, form))
    capture.assign_facilitator(table, user)
    flash(_l("%(name)s facilitates %(table)s: after logging in they find it under “My tables”.",
            name=user.name, table=table.label), "success")
    return _back_to(table)
