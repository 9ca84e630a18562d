"""The organizer's writes to the evaluation: its questions, opening and closing it, and the
short rating of each session (round)."""
from __future__ import annotations

import hashlib
import json
from collections import namedtuple
from dataclasses import dataclass, field

from sqlalchemy import bindparam, func, select

from forum.database import retrying_once, writing
from forum.extensions import db
from forum.lazy_text import lazy_gettext as _l
from forum.models import Answer, Choice, EvaluationQuestion, EvaluationResponse, Forum, Round, Translated, utcnow
from forum.services.added_once import added_by_form
from forum.services.closing_lock import EVALUATION_LOCK, RATING_LOCK, hold_alone
from forum.services.forum_row import forum_locked
from forum.services.forums import move_in_order, slugify, unique_key
from forum.services.errors import ServiceError
from forum.services.forum_end import opened_by_hand

SESSION_QUESTIONS = (
    ("rating", "rating", Translated("How would you rate this session?", "Comment évaluez-vous cette séance\u00a0?")),
    ("comment", "text", Translated("Any comment on this session?", "Un commentaire sur cette séance\u00a0?")),
)


@dataclass
class QuestionSpec:
    kind: str
    prompt: Translated
    required: bool = False
    choices: list[Translated] = field(default_factory=list)  # the labels, for a "choice" question
    # the stored value each of those choices had on the form (None or "" for one added there): the key that
    # keeps a reworded choice's answers attached to it
    keys: list[str | None] = field(default_factory=list)


def _merged_choices(old: list[Choice], labels: list[Translated], keys: list[str | None], language: str,
                    chosen: dict[str, int]) -> list[dict]:
    """The choices with these labels. A choice keeps its stored value, so its answers keep their meaning:
    the value of the choice one of its labels is (a choice moved by typing the labels in another order, or
    a removed one typed again, comes back), else, with both labels reworded, the value of the choice the
    form showed in its place (its key); a new one gets a value from its label in the forum's ``language``.
    A choice left out that people chose (``chosen``: answers by value) is kept as removed, so their answers
    keep its label; one nobody chose goes."""
    known = {choice.value for choice in old}
    by_label = {text.lower(): choice.value for choice in old for text in (choice.label.en, choice.label.fr) if text}
    values: list[str | None] = [None] * len(labels)
    taken: set[str] = set()
    for index, label in enumerate(labels):
        value = next((by_label[text.lower()] for text in (label.en, label.fr)
                      if text and by_label.get(text.lower()) not in (None, *taken)), None)
        if value:
            values[index] = value
            taken.add(value)
    for index, key in enumerate(keys[:len(labels)]):
        if values[index] is None and key in known and key not in taken:
            values[index] = key
            taken.add(key)
    for index, label in enumerate(labels):
        if values[index] is None:
            values[index] = unique_key(slugify(label.in_(language)), taken | known)
            taken.add(values[index])
    merged = [Choice(value, label).to_json() for value, label in zip(values, labels)]
    merged += [Choice(choice.value, choice.label, removed=True).to_json()
               for choice in old if choice.value not in taken and chosen.get(choice.value)]
    return merged


def chosen_counts(question: EvaluationQuestion) -> dict[str, int]:
    """How many answers chose each stored value of a choice question (only the values chosen)."""
    return dict(db.session.execute(
        select(Answer.text, func.count(Answer.id))
        .join(EvaluationResponse, Answer.response_id == EvaluationResponse.id)
        .where(EvaluationResponse.forum_id == question.forum_id, Answer.question_id == question.id,
               Answer.text.is_not(None))
        .group_by(Answer.text)).all())


def choices_losing_answers(question: EvaluationQuestion, spec: QuestionSpec) -> list[tuple[Translated, int]]:
    """The offered choices people chose that saving ``spec`` would remove, with how many answers chose
    each: what the organizer is asked to confirm (their answers stay, shown as of a removed choice)."""
    if question.kind != "choice" or spec.kind != "choice":
        return []
    chosen = chosen_counts(question)
    kept = {choice["value"] for choice in _merged_choices(question.options, spec.choices, spec.keys, "en", {})}
    return [(choice.label, chosen[choice.value]) for choice in question.options
            if not choice.removed and choice.value not in kept and chosen.get(choice.value)]


def answer_count(question: EvaluationQuestion) -> int:
    return answer_counts(question.forum_id, [question.id])[question.id]


def answer_counts(forum_id: int, question_ids: list[int]) -> dict[int, int]:
    """How many answers each of these questions of the forum has (0 for one nobody answered), in one
    grouped query. Answers are found through the forum's responses: their question ids have no
    index of their own, which every phone's evaluation would write."""
    counts = dict(db.session.execute(
        select(Answer.question_id, func.count(Answer.id))
        .join(EvaluationResponse, Answer.response_id == EvaluationResponse.id)
        .where(EvaluationResponse.forum_id == forum_id, Answer.question_id.in_(question_ids))
        .group_by(Answer.question_id)).all())
    return {question_id: counts.get(question_id, 0) for question_id in question_ids}


def _forum_questions(forum_id: int) -> list[EvaluationQuestion]:
    return list(db.session.scalars(select(EvaluationQuestion).where(
        EvaluationQuestion.forum_id == forum_id, EvaluationQuestion.round_id.is_(None),
    ).order_by(EvaluationQuestion.position, EvaluationQuestion.id)))


def _apply(question: EvaluationQuestion, spec: QuestionSpec, language: str) -> None:
    question.kind, question.prompt, question.required = spec.kind, spec.prompt, spec.required
    if spec.kind != "choice":
        question.choices = None
        return
    chosen = chosen_counts(question) if question.id is not None else {}
    question.choices = _merged_choices(question.options, spec.choices, spec.keys, language, chosen)


def add_question(forum: Forum, spec: QuestionSpec, client_id: str | None = None) -> int:
    """A new question at the end; its key comes from its prompt in the forum's language. The form sent
    again (the same ``client_id``) gives the question it added the first time."""

    def write() -> int:
        added = added_by_form(EvaluationQuestion, client_id, forum_id=forum.id)
        if added:
            return added.id
        taken = set(db.session.scalars(select(EvaluationQuestion.key).where(EvaluationQuestion.forum_id == forum.id)))
        question = EvaluationQuestion(forum_id=forum.id, key=unique_key(slugify(spec.prompt.in_(forum.main_language)),
                                                                        taken),
                                      position=len(_forum_questions(forum.id)), client_id=client_id)
        _apply(question, spec, forum.main_language)
        db.session.add(question)
        db.session.flush()
        return question.id

    return retrying_once(write)


QUESTION_GONE = _l("This question is no longer in the evaluation: someone may have deleted it while you had the page "
                   "open.")
QUESTION_CHANGED = _l("Someone else (or you, in another tab) changed this question while you were editing it, so your "
                      "changes were not saved.")


def _contents(kind: str, prompt: Translated, required: bool, choices: list[tuple[str | None, Translated]]) -> str:
    """A question's wording as one text: what two versions of it are compared by."""
    offered = [[key or "", label.en or "", label.fr or ""] for key, label in choices] if kind == "choice" else []
    return json.dumps([kind, prompt.en or "", prompt.fr or "", bool(required), offered])


def _saved_contents(question: EvaluationQuestion) -> str:
    return _contents(question.kind, question.prompt, question.required,
                     [(choice.value, choice.label) for choice in question.options if not choice.removed])


def question_mark(question: EvaluationQuestion) -> str:
    """What a question's edit form keeps of the question it showed (a short digest), so that its save tells whether
    someone changed the question since."""
    return hashlib.sha256(_saved_contents(question).encode()).hexdigest()[:16]


def check_not_changed_since(question: EvaluationQuestion, spec: QuestionSpec, seen: str | None) -> None:
    """``ServiceError`` (409) when the question was changed since its form showed it (``seen``, its
    ``question_mark``; None or empty: not checked) and the form would change it again: the later save would
    silently undo the other's. A form that leaves it as it now stands is no conflict."""
    if seen and seen != question_mark(question) and \
            _contents(spec.kind, spec.prompt, spec.required, list(zip(spec.keys, spec.choices))) \
            != _saved_contents(question):
        raise ServiceError(409, QUESTION_CHANGED, "changed_meanwhile")


def update_question(forum: Forum, question_id: int, spec: QuestionSpec, seen: str | None = None) -> None:
    """Save a question's form; ``seen``: its ``question_mark`` when the form was shown (see
    ``check_not_changed_since``). ``ServiceError`` 404 once the question was deleted meanwhile."""
    with writing():
        # the question's row locked and read again as it now stands (PostgreSQL; SQLite's writers take turns)
        question = db.session.scalar(select(EvaluationQuestion).where(EvaluationQuestion.id == question_id)
                                     .with_for_update().execution_options(populate_existing=True))
        if question is None:
            raise ServiceError(404, QUESTION_GONE, "deleted")
        check_not_changed_since(question, spec, seen)
        if spec.kind != question.kind and answer_count(question):
            raise ServiceError(409, _l("People have answered this question already, so its kind cannot change. "
                                  "Add a new question instead."))
        _apply(question, spec, forum.main_language)


def move_question(question_id: int, up: bool) -> None:
    with writing():
        question = db.session.get(EvaluationQuestion, question_id)
        move_in_order(_forum_questions(question.forum_id), question, up)


def delete_question(question_id: int) -> None:
    with writing():
        question = db.session.get(EvaluationQuestion, question_id)
        answers = answer_count(question)
        if answers:
            raise ServiceError(409, _l("%(count)s answers use this question; it cannot be deleted. "
                                  "Retire it instead: its answers stay in the results.", count=answers))
        db.session.delete(question)


def retire_question(question_id: int) -> None:
    """Take the question off the participants' form: its answers stay, counted in the results, the exports
    and the report, marked as of a retired question. An answer to it still arriving from a phone that loaded
    the form before is kept (``participation.questions_array`` still lists it, never as required). Retiring
    it again changes nothing."""
    with writing():
        question = db.session.get(EvaluationQuestion, question_id)
        if question.retired_at is None:
            question.retired_at = utcnow()


def bring_back_question(question_id: int) -> None:
    """Put a retired question back on the participants' form, where it was in the order."""
    with writing():
        db.session.get(EvaluationQuestion, question_id).retired_at = None


def _evaluation_held_alone(forum_id: int) -> Forum:
    """The forum, for opening or closing its evaluation: its row locked first (FOR NO KEY UPDATE, as the forum-wide
    close locks it, ``forum_end._locked``: two organizers' closes take their locks in one order), then the evaluation
    held alone (``closing_lock``): the answers under way are written first, those sent after find it as this write
    leaves it. The phones' answers hold no lock of the forum's row, so moving the room to the next round or any other
    change of the forum does not wait for them."""
    forum = forum_locked(forum_id)
    hold_alone(EVALUATION_LOCK, forum_id)
    return forum


def open_evaluation(forum_id: int) -> None:
    with writing():
        _evaluation_held_alone(forum_id).open_evaluation()
        opened_by_hand(forum_id, "evaluation")  # "Reopen what this closed" leaves it to the organizers now


def close_evaluation(forum_id: int) -> None:
    with writing():
        _evaluation_held_alone(forum_id).close_evaluation()


# What the participants' evaluation form is built from, read as plain rows (with the same
# attribute names): the evaluation page is the phones' hot path, and loading ORM objects costs
# more than the form needs. A retired question is read only for a form sent back (``with_retired``): a phone
# that loaded the form before it was retired still has its answer to it kept, never required.
def _form_questions(with_retired: bool):
    where = [EvaluationQuestion.forum_id == bindparam("forum_id"), EvaluationQuestion.round_id.is_(None)]
    if not with_retired:
        where.append(EvaluationQuestion.retired_at.is_(None))
    return select(
        EvaluationQuestion.id, EvaluationQuestion.key, EvaluationQuestion.kind, EvaluationQuestion.prompt_en,
        EvaluationQuestion.prompt_fr, EvaluationQuestion.choices, EvaluationQuestion.required,
        EvaluationQuestion.retired_at.is_not(None),
    ).where(*where).order_by(EvaluationQuestion.position, EvaluationQuestion.id)


FORM_QUESTIONS = {with_retired: _form_questions(with_retired) for with_retired in (False, True)}
FormQuestion = namedtuple("FormQuestion", "id key kind prompt choices required retired", defaults=(False,))


def evaluation_questions(forum_id: int, with_retired: bool = False) -> list[FormQuestion]:
    """The forum evaluation's questions participants are asked (not the sessions' ratings, nor the retired
    ones unless ``with_retired``, then never required), in their order."""
    return [FormQuestion(id_, key, kind, Translated(prompt_en, prompt_fr), choices, required and not retired,
                         bool(retired))
            for id_, key, kind, prompt_en, prompt_fr, choices, required, retired
            in db.session.connection().execute(FORM_QUESTIONS[with_retired], {"forum_id": forum_id})]


def session_questions(round_id: int) -> list[EvaluationQuestion]:
    return list(db.session.scalars(select(EvaluationQuestion).where(
        EvaluationQuestion.round_id == round_id).order_by(EvaluationQuestion.position)))


def _session_question_key(round_id: int, suffix: str) -> str:
    return f"session_{round_id}_{suffix}"


def planned_session_questions(round_id: int) -> list:
    """A session's rating questions: those saved when its rating first opened, or else the ones it will
    get then (unsaved)."""
    return session_questions(round_id) or [
        FormQuestion(None, _session_question_key(round_id, suffix), kind, prompt, None, False)
        for suffix, kind, prompt in SESSION_QUESTIONS]


def set_rating_open(round_id: int, is_open: bool) -> None:
    """Open or close a session's rating; its two questions are created the first time it opens."""
    with writing():
        hold_alone(RATING_LOCK, round_id)  # the ratings under way are written first (forum.services.closing_lock)
        session_round = db.session.get(Round, round_id)
        if is_open and not session_questions(round_id):
            for position, (suffix, kind, prompt) in enumerate(SESSION_QUESTIONS):
                db.session.add(EvaluationQuestion(
                    forum_id=session_round.forum_id, round_id=round_id, key=_session_question_key(round_id, suffix),
                    kind=kind, prompt=prompt, position=position))
        session_round.rating_open = is_open
        if is_open:  # "Reopen what this closed" leaves it to the organizers now
            opened_by_hand(session_round.forum_id, "rating", round_id=round_id)
