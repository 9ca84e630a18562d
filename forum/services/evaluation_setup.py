"""The organizer's writes to the evaluation: its questions, opening and closing it, and the
short rating of each session (round)."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import Row, bindparam, func, select

from forum.database import writing
from forum.extensions import db
from forum.models import Answer, EvaluationQuestion, Forum, Round
from forum.services.forums import move_in_order, slugify, unique_key
from forum.services.errors import ServiceError

SESSION_QUESTIONS = (
    ("rating", "rating", "How would you rate this session?", "Comment évaluez-vous cette session ?"),
    ("comment", "text", "Any comment on this session?", "Un commentaire sur cette session ?"),
)


@dataclass
class QuestionSpec:
    kind: str
    prompt: str
    prompt_fr: str | None = None
    required: bool = False
    choices: list[tuple[str, str | None]] = field(default_factory=list)  # (English label, French label)


def parse_choice_lines(text: str) -> list[tuple[str, str | None]]:
    """'English label | French label' per line; the French part is optional."""
    choices = []
    for line in (text or "").splitlines():
        english, _bar, french = line.partition("|")
        if english.strip():
            choices.append((english.strip(), french.strip() or None))
    return choices


def choice_lines(choices: list[dict] | None) -> str:
    return "\n".join(f"{c['label']} | {c['label_fr']}" if c.get("label_fr") else c["label"] for c in choices or [])


def _merge_choices(old: list[dict] | None, new: list[tuple[str, str | None]]) -> list[dict]:
    """Keep the stored value of a choice whose English label is unchanged, so earlier answers
    keep their meaning; new labels get a new value."""
    by_label = {c["label"].lower(): c["value"] for c in old or []}
    taken: set[str] = set()
    merged = []
    for label, label_fr in new:
        value = by_label.get(label.lower()) or unique_key(slugify(label), taken | set(by_label.values()))
        taken.add(value)
        merged.append({"value": value, "label": label, "label_fr": label_fr})
    return merged


def answer_count(question_id: int) -> int:
    return db.session.scalar(select(func.count(Answer.id)).where(Answer.question_id == question_id)) or 0


def answer_counts(question_ids: list[int]) -> dict[int, int]:
    """``answer_count`` of each question, in one grouped query (0 for a question nobody answered)."""
    counts = dict(db.session.execute(select(Answer.question_id, func.count(Answer.id))
                                     .where(Answer.question_id.in_(question_ids)).group_by(Answer.question_id)).all())
    return {question_id: counts.get(question_id, 0) for question_id in question_ids}


def _forum_questions(forum_id: int) -> list[EvaluationQuestion]:
    return list(db.session.scalars(select(EvaluationQuestion).where(
        EvaluationQuestion.forum_id == forum_id, EvaluationQuestion.round_id.is_(None),
    ).order_by(EvaluationQuestion.position, EvaluationQuestion.id)))


def _apply(question: EvaluationQuestion, spec: QuestionSpec) -> None:
    question.kind, question.prompt, question.prompt_fr = spec.kind, spec.prompt, spec.prompt_fr or None
    question.required = spec.required
    question.choices = _merge_choices(question.choices, spec.choices) if spec.kind == "choice" else None


def add_question(forum_id: int, spec: QuestionSpec) -> int:
    with writing():
        taken = set(db.session.scalars(select(EvaluationQuestion.key).where(EvaluationQuestion.forum_id == forum_id)))
        question = EvaluationQuestion(forum_id=forum_id, key=unique_key(slugify(spec.prompt), taken),
                                      position=len(_forum_questions(forum_id)))
        _apply(question, spec)
        db.session.add(question)
        db.session.flush()
        question_id = question.id
    return question_id


def update_question(question_id: int, spec: QuestionSpec) -> None:
    with writing():
        question = db.session.get(EvaluationQuestion, question_id)
        if spec.kind != question.kind and answer_count(question_id):
            raise ServiceError(409, _l("People have answered this question already, so its kind cannot change. "
                                  "Add a new question instead."))
        _apply(question, spec)


def move_question(question_id: int, up: bool) -> None:
    with writing():
        question = db.session.get(EvaluationQuestion, question_id)
        move_in_order(_forum_questions(question.forum_id), question, up)


def delete_question(question_id: int) -> None:
    with writing():
        answers = answer_count(question_id)
        if answers:
            raise ServiceError(409, _l("%(count)s answers use this question; it cannot be deleted. "
                                  "Edit its wording instead.", count=answers))
        db.session.delete(db.session.get(EvaluationQuestion, question_id))


def open_evaluation(forum_id: int) -> None:
    with writing():
        db.session.get(Forum, forum_id).open_evaluation()


def close_evaluation(forum_id: int) -> None:
    with writing():
        db.session.get(Forum, forum_id).close_evaluation()


# What the participants' evaluation form is built from, read as plain rows (with the same
# attribute names): the evaluation page is the phones' hot path, and loading ORM objects costs
# more than the form needs.
FORM_QUESTIONS = select(
    EvaluationQuestion.id, EvaluationQuestion.key, EvaluationQuestion.kind, EvaluationQuestion.prompt,
    EvaluationQuestion.prompt_fr, EvaluationQuestion.choices, EvaluationQuestion.required,
).where(EvaluationQuestion.forum_id == bindparam("forum_id"), EvaluationQuestion.round_id.is_(None)).order_by(
    EvaluationQuestion.position, EvaluationQuestion.id)


def evaluation_questions(forum_id: int) -> list[Row]:
    """The forum evaluation's questions (not the sessions' ratings), in their order."""
    return list(db.session.connection().execute(FORM_QUESTIONS, {"forum_id": forum_id}))


def session_questions(round_id: int) -> list[EvaluationQuestion]:
    return list(db.session.scalars(select(EvaluationQuestion).where(
        EvaluationQuestion.round_id == round_id).order_by(EvaluationQuestion.position)))


def set_rating_open(round_id: int, is_open: bool) -> None:
    """Open or close a session's rating; its two questions are created the first time it opens."""
    with writing():
        session_round = db.session.get(Round, round_id)
        if is_open and not session_questions(round_id):
            for position, (suffix, kind, prompt, prompt_fr) in enumerate(SESSION_QUESTIONS):
                db.session.add(EvaluationQuestion(
                    forum_id=session_round.forum_id, round_id=round_id, key=f"session_{round_id}_{suffix}",
                    kind=kind, prompt=prompt, prompt_fr=prompt_fr, position=position))
        session_round.rating_open = is_open
