"""Browse, search, filter, edit, soft-delete and restore a forum's idea cards."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import pgettext
from sqlalchemy import select

from forum.extensions import db
from forum.flashes import flash
from forum.http_response import XLSX_MIMETYPE, download
from forum.input_filters import clean_text
from forum.lazy_text import lazy_gettext as _l
from forum.models import IdeaCard
from forum.organize import blueprint
from forum.organize.access import owned_child, owned_forum, requires
from forum.roles import Action
from forum.organize.forms import IdeaForm
from forum.services import idea_cards
from forum.services.errors import ServiceError
from forum.services.forums import export_name
from forum.services.idea_export import ideas_csv, ideas_xlsx
from forum.urls import forum_page_url, id_arg

PER_PAGE = 50
# Newest first by default: an organizer watching a live forum sees the cards that just arrived.
ORDERS = {"newest": (IdeaCard.created_at.desc(), IdeaCard.id.desc()), "oldest": (IdeaCard.created_at, IdeaCard.id)}


@blueprint.route("/forums/<int:forum_id>/ideas")
@requires(Action.VIEW)
def idea_list(forum_id: int):
    forum = owned_forum(forum_id)
    filters = {
        "q": clean_text(request.args.get("q", ""))[:200],
        "round": id_arg("round"),
        "table": id_arg("table"),
        "group": request.args.get("group", ""),
        "deleted": request.args.get("deleted") == "1",
        "order": request.args.get("order") if request.args.get("order") in ORDERS else "newest",
    }
    query = select(IdeaCard).where(IdeaCard.forum_id == forum.id)
    query = query.where(IdeaCard.deleted_at.is_not(None) if filters["deleted"] else IdeaCard.deleted_at.is_(None))
    if filters["q"]:
        query = query.where(IdeaCard.text.icontains(filters["q"], autoescape=True))
    if filters["round"]:
        query = query.where(IdeaCard.round_id == filters["round"])
    if filters["table"]:
        query = query.where(IdeaCard.table_id == filters["table"])
    if filters["group"] == "none":
        query = query.where(IdeaCard.group_id.is_(None))
    elif group_id := id_arg("group"):
        query = query.where(IdeaCard.group_id == group_id)
    asked = id_arg("page") or 1
    page = db.paginate(query.order_by(*ORDERS[filters["order"]]), page=asked, per_page=PER_PAGE, error_out=False)
    args = {key: value for key, value in request.args.items() if key in ("q", "round", "table", "group", "deleted", "order")}
    if asked > max(page.pages, 1):
        # Past the last page: its last card was deleted, restored or edited out of the filter (the way back
        # from it comes here), or the link is old. The last page that exists, not an empty "Page 3 of 2".
        return redirect(url_for("organize.idea_list", forum_id=forum.id, page=page.pages if page.pages > 1 else None,
                                **args))
    return render_template("organize/ideas.html", forum=forum, page=page, filters=filters, args=args)


@blueprint.route("/forums/<int:forum_id>/ideas/<int:idea_id>/edit", methods=["GET", "POST"])
@requires(Action.ANALYSE)
def idea_edit(forum_id: int, idea_id: int):
    forum = owned_forum(forum_id)
    idea = owned_child(forum, IdeaCard, idea_id)
    form = IdeaForm(obj=idea)
    form.set_choices(forum)
    if request.method == "GET":
        form.round_id.data, form.table_id.data, form.group_id.data = idea.round_id or 0, idea.table_id or 0, idea.group_id or 0
    # the list as it was (its filters, its page), at the card: the list's Edit link says so
    back = forum_page_url(forum.id, request.args.get("back"), url_for("organize.idea_list", forum_id=forum.id))
    status = 200
    if form.validate_on_submit():
        try:
            idea_cards.edit_card(idea, text=form.text.data, phase=form.phase.data, round_id=form.round_id.data,
                                 table_id=form.table_id.data, group_id=form.group_id.data)
        except ServiceError as error:  # a starred card into a full report-out: the round is what to change
            form.round_id.errors = [*form.round_id.errors, str(error.message)]
            status = error.status
        else:
            flash(_l("Card saved."), "success")
            return redirect(back)
    return render_template("organize/idea_edit.html", forum=forum, idea=idea, form=form, back=back), \
        422 if form.errors and status == 200 else status


@blueprint.route("/forums/<int:forum_id>/ideas/<int:idea_id>/<any(delete, restore):action>", methods=["POST"])
@requires(Action.ANALYSE)
def idea_delete_restore(forum_id: int, idea_id: int, action: str):
    forum = owned_forum(forum_id)
    idea = owned_child(forum, IdeaCard, idea_id)
    if action == "delete" and idea_cards.delete_card(idea):
        flash(_l("Card deleted. You can restore it from the deleted cards."), "success")
    elif action == "restore" and (restored := idea_cards.restore_card(idea)):
        if restored == idea_cards.RESTORED_UNSTARRED:
            flash(_l("Card restored without its star: its table's report-out for its round is full."), "warning")
        else:
            flash(_l("Card restored."), "success")
    # back to the list as it was (filters, page), at the card beside this one: the list's button says so
    return redirect(forum_page_url(forum.id, request.args.get("back"),
                                   url_for("organize.idea_list", forum_id=forum.id,
                                           deleted="1" if action == "restore" else None)))


@blueprint.route("/forums/<int:forum_id>/ideas/export.<any(csv, xlsx):fmt>")
@requires(Action.VIEW)
def idea_export(forum_id: int, fmt: str):
    """Every idea with its round, table, stakeholder group (given and suggested) and theme."""
    forum = owned_forum(forum_id)
    locale = str(get_locale())
    if fmt == "csv":
        content, mimetype = ideas_csv(forum, locale), "text/csv"
    else:
        content, mimetype = ideas_xlsx(forum, locale), XLSX_MIMETYPE
    name = export_name(pgettext("a download's file name: the forum's idea cards", "ideas"), forum, fmt)
    return download(content, name, mimetype=mimetype)
