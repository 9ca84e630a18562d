"""Deleting a forum: the owner reads what will be erased, types the forum's name and confirms."""
from __future__ import annotations

from flask import current_app, redirect, render_template, url_for
from flask_login import current_user

from forum.flashes import flash, with_link
from forum.lazy_text import lazy_gettext as _l
from forum.organize import blueprint
from forum.organize.access import owned_forum, requires
from forum.organize.forms import ForumDeleteForm
from forum.roles import Action
from forum.services.forum_deletion import contents_of, copies_to_keep, delete_forum, leaves_series_empty


@blueprint.route("/forums/<int:forum_id>/delete", methods=["GET", "POST"])
@requires(Action.OWN)
def forum_delete(forum_id: int):
    forum = owned_forum(forum_id)
    form = ForumDeleteForm(forum)
    if form.validate_on_submit():
        emptied = forum.series if leaves_series_empty(forum) else None
        delete_forum(forum)
        current_app.logger.info("forum %s deleted by user %s", forum_id, current_user.id)
        flash(_l("Forum deleted."), "success")
        if emptied is not None and emptied.owner_id == current_user.id:
            flash(with_link(_l("The series %(series)s has no edition left.", series=emptied.name),
                            url_for("organize.series_page", series_id=emptied.id),
                            _l("Add a forum to it or delete it")), "info")
        elif emptied is not None:
            # Not named: the forum's owner may not be one of the series' readers, and the series' owner is not theirs
            # to learn from a deletion
            flash(_l("The series %(series)s has no edition left. Its owner can add a forum to it or delete it.",
                    series=emptied.name), "info")
        return redirect(url_for("organize.forum_list"))
    return render_template("organize/forum_delete.html", forum=forum, form=form,
                           contents=contents_of(forum), copies=copies_to_keep(forum)), 422 if form.errors else 200
