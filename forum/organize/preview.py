"""The participants' pages as an organizer previews them: the evaluation, a session's rating and a
vote, drawn by the participant templates with their forms, but only ever shown (GET): nothing can be
sent from them (a form sent anyway is told it was a preview), and no device cookie or participant
record is involved."""
from __future__ import annotations

from flask import render_template, url_for

from forum.lazy_text import lazy_gettext as _l
from forum.models import Ballot, Round
from forum.organize import blueprint
from forum.organize.access import can, owned_child, owned_forum, requires
from forum.participate.common import locale
from forum.participate.forms import evaluation_form, vote_form
from forum.roles import Action
from forum.services.evaluation_setup import evaluation_questions, planned_session_questions


# Not filled from the request, and without a CSRF token: the page can send nothing.
FORM_ARGS = {"formdata": None, "meta": {"csrf": False}}
NOTHING_SAVED = _l("This is a preview of the participants' page: nothing was sent or saved. Participants send "
                   "their answers from their own phones.")


def shown_only(view):
    """A page that is only shown: a form sent to it anyway is refused (405) with NOTHING_SAVED, not with the
    generic message (forum.errors reads ``refused_post`` off the view of the address sent to)."""
    view.refused_post = NOTHING_SAVED
    return view


def _preview(template: str, form, forum, back_url: str, **context):
    """``preview`` is the organizer's way back (to the page that links here), and tells the templates."""
    return render_template(template, form=form, forum=forum, response=None, preview=back_url, **context)


def _evaluation_page(forum) -> str:
    """The setup page for those who may change it, otherwise the results (where a viewer finds the preview)."""
    return url_for("organize.evaluation_setup" if can(Action.MANAGE) else "organize.evaluation_results",
                   forum_id=forum.id)


@blueprint.route("/forums/<int:forum_id>/evaluation/preview")
@requires(Action.VIEW)
@shown_only
def evaluation_preview(forum_id: int):
    forum = owned_forum(forum_id)
    form = evaluation_form(evaluation_questions(forum.id), locale(), **FORM_ARGS)
    return _preview("participate/evaluation.html", form, forum, _evaluation_page(forum), signup=None)


@blueprint.route("/forums/<int:forum_id>/rounds/<int:round_id>/rating/preview")
@requires(Action.VIEW)
@shown_only
def session_rating_preview(forum_id: int, round_id: int):
    forum = owned_forum(forum_id)
    session_round = owned_child(forum, Round, round_id)
    form = evaluation_form(planned_session_questions(session_round.id), locale(), **FORM_ARGS)
    return _preview("participate/session.html", form, forum, _evaluation_page(forum) + "#sessions",
                    session_round=session_round)


@blueprint.route("/forums/<int:forum_id>/votes/<int:ballot_id>/preview")
@requires(Action.VIEW)
@shown_only
def vote_preview(forum_id: int, ballot_id: int):
    forum = owned_forum(forum_id)
    ballot = owned_child(forum, Ballot, ballot_id)
    return _preview("participate/vote.html", vote_form(ballot, **FORM_ARGS), forum,
                    url_for("organize.ballot_detail", forum_id=forum.id, ballot_id=ballot.id), ballot=ballot)
