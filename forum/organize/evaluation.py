"""The organizer's evaluation: its questions, opening and closing it and the session ratings,
and the live results."""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import ngettext, pgettext

from analysis.report.spreadsheet import spreadsheet_csv, spreadsheet_xlsx
from forum.confirmation import ask_to_confirm, confirmed
from forum.errors import abort_with
from forum.flashes import flash
from forum.http_response import XLSX_MIMETYPE, download
from forum.lazy_text import lazy_gettext as _l
from forum.models import EvaluationQuestion, Round
from forum.organize import blueprint
from forum.organize.access import owned_child, owned_forum, requires
from forum.roles import Action
from forum.organize.participation_forms import NewQuestionForm, QuestionForm
from forum.organize.setup import move_button_id, moved_message
from forum.services import evaluation_setup as setup
from forum.services.evaluation_results import (answer_table, response_count, results, session_overview,
                                               session_rating_table)
from forum.services.errors import ServiceError
from forum.services.forums import export_name


def _spec(form: QuestionForm) -> setup.QuestionSpec:
    return setup.QuestionSpec(kind=form.kind.data, prompt=form.prompt.data, required=form.required.data,
                              choices=form.choice_labels(), keys=form.choice_keys())


def _question_form(question: EvaluationQuestion) -> QuestionForm:
    """The edit form of a question as saved (never filled from this request's form data); its choices
    removed since people chose them are not on it."""
    offered = [choice for choice in question.options if not choice.removed]
    return QuestionForm(prefix=f"q{question.id}", formdata=None, data={
        "prompt": question.prompt, "kind": question.kind, "required": question.required,
        "choices": [choice.label for choice in offered],
        "keys": [choice.value for choice in offered], "seen": setup.question_mark(question)})


def _render(forum, add_form, status=200, failed=None, changed_meanwhile=False):
    """``changed_meanwhile``: the ``failed`` form's save was refused as someone changed its question since (the
    question shows as it is now, the form below it as the organizer filled it in)."""
    questions = [q for q in forum.questions if q.round_id is None]
    forms = {q.id: _question_form(q) for q in questions}
    if failed is not None:
        forms[failed.question_id] = failed
    return render_template(
        "organize/evaluation.html", forum=forum, questions=questions, forms=forms, add_form=add_form,
        changed_meanwhile=failed.question_id if changed_meanwhile else None,
        answers=setup.answer_counts(forum.id, [q.id for q in questions]), sessions=session_overview(forum),
        responses=response_count(forum),
    ), status


def _question(forum, question_id: int) -> EvaluationQuestion:
    gone = str(setup.QUESTION_GONE)
    question = owned_child(forum, EvaluationQuestion, question_id,
                           missing=f"{gone} {NOTHING_SAVED}" if request.endpoint == "organize.question_edit" else gone)
    if question.round_id is not None:
        abort(404)  # a session's rating questions are fixed
    return question


@blueprint.route("/forums/<int:forum_id>/evaluation", methods=["GET", "POST"])
@requires(Action.MANAGE)
def evaluation_setup(forum_id: int):
    forum = owned_forum(forum_id)
    form = NewQuestionForm(prefix="new")
    if request.method == "POST":
        if not form.validate_on_submit():
            return _render(forum, form, 422)
        setup.add_question(forum, _spec(form), client_id=form.client_id.data or None)
        flash(_l("Question added."), "success")
        return redirect(url_for("organize.evaluation_setup", forum_id=forum.id) + "#questions")
    return _render(forum, form)


NOTHING_SAVED = _l("Nothing was saved.")


def _changed_meanwhile(forum, question: EvaluationQuestion, form: QuestionForm, refused: ServiceError):
    """The evaluation page after a question's save refused as someone changed it since: the question shows as it
    is now, its form below as the organizer filled it in, now counting as shown after that change (saved again, it
    replaces it)."""
    form.question_id = question.id
    form.seen.data = setup.question_mark(question)
    return _render(forum, NewQuestionForm(prefix="new", formdata=None), refused.status, failed=form,
                   changed_meanwhile=True)


@blueprint.route("/forums/<int:forum_id>/evaluation/questions/<int:question_id>", methods=["POST"])
@requires(Action.MANAGE)
def question_edit(forum_id: int, question_id: int):
    forum = owned_forum(forum_id)
    question = _question(forum, question_id)
    form = QuestionForm(prefix=f"q{question.id}")
    if not form.validate_on_submit():
        form.question_id = question.id
        return _render(forum, NewQuestionForm(prefix="new", formdata=None), 422, failed=form)
    spec = _spec(form)
    try:
        setup.check_not_changed_since(question, spec, form.seen.data)  # before asking about choices it would remove
    except ServiceError as refused:
        return _changed_meanwhile(forum, question, form, refused)
    losing = setup.choices_losing_answers(question, spec)
    if losing and not confirmed():
        chose = " ".join(ngettext("%(num)d answer chose “%(choice)s”.", "%(num)d answers chose “%(choice)s”.", count,
                                  choice=label) for label, count in losing)
        return ask_to_confirm(
            ngettext("Remove a choice people chose?", "Remove choices people chose?", len(losing)),
            chose + " " + ngettext(
                "Participants can no longer choose it. Those answers are kept and still counted, under the "
                "choice's last wording; the results mark it as removed.",
                "Participants can no longer choose them. Those answers are kept and still counted, under each "
                "choice's last wording; the results mark them as removed.", len(losing)),
            ngettext("Remove the choice", "Remove the choices", len(losing)),
            url_for("organize.evaluation_setup", forum_id=forum.id) + f"#question-{question.id}")
    try:
        setup.update_question(forum, question.id, spec, seen=form.seen.data)
    except ServiceError as refused:
        if refused.reason != "changed_meanwhile":
            raise
        return _changed_meanwhile(forum, question, form, refused)
    flash(_l("Question saved."), "success")
    return redirect(url_for("organize.evaluation_setup", forum_id=forum.id) + f"#question-{question.id}")


@blueprint.route("/forums/<int:forum_id>/evaluation/questions/<int:question_id>/"
                 "<any(up, down, delete, retire, 'bring-back'):action>", methods=["POST"])
@requires(Action.MANAGE)
def question_action(forum_id: int, question_id: int, action: str):
    forum = owned_forum(forum_id)
    question = _question(forum, question_id)
    if action == "delete":
        if not confirmed() and not setup.answer_count(question):  # an answered one is refused, not asked about
            return ask_to_confirm(_("Delete the question “%(question)s”?", question=question.prompt),
                                  _("Its wording and its choices are deleted. This cannot be undone."), _("Delete"),
                                  url_for("organize.evaluation_setup", forum_id=forum.id) + "#questions")
        setup.delete_question(question.id)
        flash(_l("Question deleted."), "success")
        return redirect(url_for("organize.evaluation_setup", forum_id=forum.id) + "#questions")
    if action == "retire":
        back = url_for("organize.evaluation_setup", forum_id=forum.id) + f"#question-{question.id}"
        if not confirmed():
            answers = setup.answer_count(question)
            return ask_to_confirm(
                _("Retire the question “%(question)s”?", question=question.prompt),
                " ".join([_("Participants no longer see it on their phones."), ngettext(
                    "Its %(num)d answer is kept: the results, the exports and the report still count it, marked "
                    "as of a retired question.",
                    "Its %(num)d answers are kept: the results, the exports and the report still count them, marked "
                    "as of a retired question.", answers),
                    _("You can bring it back at any time.")]),
                _("Retire the question"), back)
        setup.retire_question(question.id)
        flash(_l("“%(question)s” is retired: participants no longer see it, and its answers are kept.",
                 question=question.prompt), "success")
        return redirect(back)
    if action == "bring-back":
        setup.bring_back_question(question.id)
        flash(_l("“%(question)s” is back on the participants' form.", question=question.prompt), "success")
        return redirect(url_for("organize.evaluation_setup", forum_id=forum.id) + f"#question-{question.id}")
    setup.move_question(question.id, up=action == "up")
    questions = [q for q in forum.questions if q.round_id is None]
    index = questions.index(question)
    flash(moved_message(question.prompt, index, len(questions)), "success")
    return redirect(url_for("organize.evaluation_setup", forum_id=forum.id)
                    + "#" + move_button_id(f"question-{question.id}", action == "up", index, len(questions)))


@blueprint.route("/forums/<int:forum_id>/evaluation/<any(open, close):action>", methods=["POST"])
@requires(Action.MANAGE)
def evaluation_toggle(forum_id: int, action: str):
    forum = owned_forum(forum_id)
    if action == "close" and not confirmed():  # a mis-tap on a phone would end it mid-forum
        return ask_to_confirm(_("Close the evaluation?"),
                              _("Participants can no longer send or change their answers. You can open it again."),
                              _("Close the evaluation"), url_for("organize.evaluation_setup", forum_id=forum.id))
    (setup.open_evaluation if action == "open" else setup.close_evaluation)(forum.id)
    flash(_l("The evaluation is open: participants can answer and change their answers.") if action == "open"
          else _l("The evaluation is closed: answers can no longer be sent or changed."), "success")
    return redirect(url_for("organize.evaluation_setup", forum_id=forum.id))


@blueprint.route("/forums/<int:forum_id>/rounds/<int:round_id>/rating/<any(open, close):action>", methods=["POST"])
@requires(Action.MANAGE)
def session_rating_toggle(forum_id: int, round_id: int, action: str):
    forum = owned_forum(forum_id)
    session_round = owned_child(forum, Round, round_id)
    title = session_round.title.in_(str(get_locale()))
    back = url_for("organize.evaluation_setup", forum_id=forum.id) + f"#session-{session_round.id}"
    if action == "close" and not confirmed():
        return ask_to_confirm(_("Close the rating of “%(session)s”?", session=title),
                              _("Participants can no longer rate this session. You can open its rating again."),
                              _("Close the rating"), back)
    setup.set_rating_open(session_round.id, action == "open")
    title = session_round.title  # in both languages: the next page shows it in its own
    flash(_l("Participants can now rate “%(session)s”.", session=title) if action == "open"
          else _l("The rating of “%(session)s” is closed.", session=title), "success")
    return redirect(back)


@blueprint.route("/forums/<int:forum_id>/evaluation/results")
@requires(Action.VIEW)
def evaluation_results(forum_id: int):
    """The results as they come in; the page polls ``?partial=1`` and swaps in what changed."""
    forum = owned_forum(forum_id)
    locale = str(get_locale())
    summary = results(forum, locale=locale)
    sessions = [entry for entry in session_overview(forum, locale) if entry["started"]]
    version = "|".join([summary["version"], str(forum.evaluation_open)] + [entry["results"]["version"] for entry in sessions])
    template = "organize/_evaluation_results.html" if request.args.get("partial") \
        else "organize/evaluation_results.html"
    return render_template(template, forum=forum, summary=summary, sessions=sessions, version=version,
                           session_responses=sum(entry["responses"] for entry in sessions))


@blueprint.route("/forums/<int:forum_id>/evaluation/answers.<any(csv, xlsx):fmt>")
@requires(Action.VIEW)
def evaluation_answers(forum_id: int, fmt: str):
    """The forum evaluation's anonymous answers, one row per response, for a spreadsheet (CSV or Excel)."""
    forum = owned_forum(forum_id)
    header, rows = answer_table(forum, str(get_locale()))
    if not rows:  # an empty file would look like an evaluation nobody liked to answer
        abort_with(404, _("Nobody has answered the evaluation yet: there is nothing to export."))
    name = export_name(pgettext("a download's file name: the evaluation's answers", "evaluation answers"), forum, fmt)
    if fmt == "csv":
        return download(spreadsheet_csv(header, rows, bom=True), name, mimetype="text/csv")
    return download(spreadsheet_xlsx(header, rows, sheet_name=_("Evaluation"), widths=(10,), wrap=True), name,
                    mimetype=XLSX_MIMETYPE)


@blueprint.route("/forums/<int:forum_id>/evaluation/session-ratings.<any(csv, xlsx):fmt>")
@requires(Action.VIEW)
def session_ratings_export(forum_id: int, fmt: str):
    """The sessions' ratings, one row per answer (session, response, question, answer, time), for a spreadsheet
    (CSV or Excel); every role that reads the results page."""
    forum = owned_forum(forum_id)
    header, rows = session_rating_table(forum, str(get_locale()))
    if not rows:
        abort_with(404, _("Nobody has rated a session yet: there is nothing to export."))
    name = export_name(pgettext("a download's file name: the sessions' ratings", "session ratings"), forum, fmt)
    if fmt == "csv":
        return download(spreadsheet_csv(header, rows, bom=True), name, mimetype="text/csv")
    return download(spreadsheet_xlsx(header, rows, sheet_name=_("Session ratings"), widths=(30, 10, 36, 50, 18),
                                     wrap=True), name, mimetype=XLSX_MIMETYPE)
