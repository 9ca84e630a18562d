"""Plain per-question results of the evaluation and of the session ratings, for the organizer.

The numbers follow ``analysis.evaluation``'s conventions: means to 2 decimals, the rating
distribution keyed "1".."5", shares over those who answered the question (``answered``; those who left it
blank are the ``no_answer`` count), in the report's whole percents (a question's rows add up to 100, see
``analysis.report.shares``). The analysis module
summarizes the example forum's fixed questions; this one summarizes whatever questions the
organizer configured, one question at a time.
"""
from __future__ import annotations

import json
import zlib
from collections import Counter

from flask_babel import gettext, ngettext, pgettext
from sqlalchemy import and_, func, select

from analysis.evaluation import NO_ANSWER, RATING_SCALE
from analysis.report.shares import EvaluationPercents, as_share, whole_percents
from forum.extensions import db
from forum.models import Answer, EvaluationQuestion, EvaluationResponse, Forum
from forum.services.participation import evaluation_scope


def few_answered_note(percents: EvaluationPercents, figure: str) -> str | None:
    """"(1 of 3 answered)" for a key figure resting on fewer than half the respondents' answers (the report's
    ``analysis.report.shares.few_answered_note``, in the page's language), else None."""
    answered = percents.few_answered(figure)
    return None if answered is None else ngettext("(%(num)d of %(total)d answered)", "(%(num)d of %(total)d answered)",
                                                  answered, total=percents.responses)


def _rating(numbers: list[float], respondents: int) -> dict:
    values = [int(n) for n in numbers if n is not None and int(n) in RATING_SCALE]
    counts = Counter(values)
    rows = [{"value": str(v), "label": str(v), "count": counts.get(v, 0)} for v in reversed(RATING_SCALE)]
    _set_percents(rows)
    return {
        "answered": len(values),
        "mean": round(sum(values) / len(values), 2) if values else None,
        "distribution": {str(v): counts.get(v, 0) for v in RATING_SCALE},
        "rows": rows,
        NO_ANSWER: respondents - len(values),
    }


def _set_percents(rows: list[dict]) -> None:
    """Each row's ``percent`` of those who answered as the report prints it (whole percents that add up to
    100) and that as a ``share``."""
    for row, percent in zip(rows, whole_percents([row["count"] for row in rows])):
        row["percent"], row["share"] = percent, as_share(percent)


def _choices(values: list[str], options: list[tuple[str, str]], respondents: int, removed=frozenset()) -> dict:
    """options: (value, label); ``removed``: the values of choices the organizer removed after people chose
    them (their rows say so). Values outside the options (answers imported with another value) follow."""
    counts = Counter(v for v in values if v)
    rows = [{"value": value, "label": label, "count": counts.pop(value, 0), "removed": value in removed}
            for value, label in options]
    rows += [{"value": value, "label": value, "count": count} for value, count in sorted(counts.items())]
    answered = sum(row["count"] for row in rows)
    _set_percents(rows)
    return {"answered": answered, "rows": rows, NO_ANSWER: respondents - answered}


def summarize_question(question: EvaluationQuestion, answers: list[tuple[float | None, str | None]],
                       respondents: int, locale: str = "en") -> dict:
    summary = {"id": question.id, "key": question.key, "kind": question.kind,
               "prompt": question.prompt.in_(locale), "respondents": respondents,
               "retired": question.retired_at is not None}
    if question.kind == "rating":
        summary.update(_rating([number for number, _text in answers], respondents))
    elif question.kind == "yes_no":
        summary.update(_choices([text for _n, text in answers], [("yes", "yes"), ("no", "no")], respondents))
    elif question.kind == "choice":
        options = [(choice.value, choice.label.in_(locale)) for choice in question.options]
        removed = {choice.value for choice in question.options if choice.removed}
        summary.update(_choices([text for _n, text in answers], options, respondents, removed))
    else:
        texts = [text.strip() for _n, text in answers if text and text.strip()]
        summary.update({"answered": len(texts), "texts": texts, NO_ANSWER: respondents - len(texts)})
    return summary


def _scope_filter(round_id: int | None):
    """The responses of one scope that count: those with an answer left (``EvaluationResponse.answered``)."""
    return and_(EvaluationResponse.scope == evaluation_scope(round_id), EvaluationResponse.answered())


def results(forum: Forum, round_id: int | None = None, locale: str = "en") -> dict:
    """Response count, when the latest arrived, and every question's summary for one scope."""
    count, latest = db.session.execute(select(func.count(EvaluationResponse.id), func.max(
        EvaluationResponse.updated_at)).where(EvaluationResponse.forum_id == forum.id, _scope_filter(round_id))).one()
    questions = [q for q in forum.questions if q.round_id == round_id]
    by_question: dict[int, list] = {q.id: [] for q in questions}
    rows = db.session.execute(
        select(Answer.question_id, Answer.number, Answer.text)
        .join(EvaluationResponse, Answer.response_id == EvaluationResponse.id)
        .where(EvaluationResponse.forum_id == forum.id, _scope_filter(round_id))
        .order_by(EvaluationResponse.id)
    )
    for question_id, number, text in rows:
        if question_id in by_question:
            by_question[question_id].append((number, text))
    return {
        "responses": count,
        "latest": latest,
        # the questions' wording too: a choice reworded or removed while the page is open shows up there
        "version": f"{count}:{latest.isoformat() if latest else ''}:{_wording_digest(questions)}",
        "questions": [summarize_question(q, by_question[q.id], count, locale) for q in questions],
    }


def _wording_digest(questions: list[EvaluationQuestion]) -> str:
    """A short digest of what the results print of these questions: their order, prompts, choices and whether
    they are retired."""
    wording = json.dumps([[q.id, q.kind, q.prompt.to_json(), q.choices, q.retired_at is not None]
                          for q in questions], sort_keys=True)
    return format(zlib.crc32(wording.encode()), "08x")


def answer_table(forum: Forum, locale: str) -> tuple[list[str], list[list]]:
    """The forum evaluation's answers for a spreadsheet, in the page's language: one column per question of
    the form (its prompt), one row per response that counts, in the order they came, numbered from 1.
    Anonymous as the results page: no time, device, language or imported id. Ratings as numbers, yes/no and
    choices in words, texts as typed; an empty cell for a question left blank. A retired question's column and
    a removed choice's answers are marked as the results page marks them."""
    questions = [q for q in forum.questions if q.round_id is None]
    labels = {q.id: _choice_labels(q, locale) for q in questions}
    columns = {q.id: index for index, q in enumerate(questions)}
    rows: dict[int, list] = {}
    for response_id, question_id, number, text in db.session.execute(
            select(EvaluationResponse.id, Answer.question_id, Answer.number, Answer.text)
            .join(Answer, Answer.response_id == EvaluationResponse.id)
            .where(EvaluationResponse.forum_id == forum.id, _scope_filter(None))
            .order_by(EvaluationResponse.id)):
        row = rows.setdefault(response_id, [None] * len(questions))
        if question_id not in columns:
            continue
        row[columns[question_id]] = _cell(questions[columns[question_id]].kind, number, text, labels[question_id])
    header = [gettext("Response")] + [retired_question_label(q.prompt.in_(locale)) if q.retired_at is not None
                                      else q.prompt.in_(locale) for q in questions]
    return header, [[number, *row] for number, row in enumerate(rows.values(), 1)]


def _choice_labels(question: EvaluationQuestion, locale: str) -> dict[str, str]:
    """A choice question's values → their labels, a removed choice's marked as the results page marks it."""
    return {choice.value: removed_choice_label(choice.label.in_(locale)) if choice.removed
            else choice.label.in_(locale) for choice in question.options}


def _cell(kind: str, number: float | None, text: str | None, labels: dict[str, str]):
    """An answer as a spreadsheet cell: a rating as a number, yes/no and a choice in words (``labels``: the
    question's choices), a text as typed; None for an answer left blank."""
    if kind == "rating":
        return None if number is None else (int(number) if float(number).is_integer() else number)
    if kind == "yes_no":
        return {"yes": gettext("Yes"), "no": gettext("No")}.get(text or "", text or None)
    if kind == "choice":
        return labels.get(text or "", text or None)
    return (text or "").strip() or None


def session_rating_table(forum: Forum, locale: str) -> tuple[list[str], list[list]]:
    """The sessions' ratings for a spreadsheet, in the page's language: one row per answer given (a question
    left blank has none), session by session in the forum's order of rounds, then response by response as they
    came, numbered from 1 in each session (a phone's rating and its comment share a number, and a session's
    last number is its count of responses on the results page), then question by question. Ratings as numbers,
    a comment as typed. No time, device, language or name: answers are anonymous, as in the evaluation's
    answers export. No rows: nobody rated a session."""
    questions = {q.id: q for q in forum.questions if q.round_id is not None}
    sessions = {session_round.id: (position, session_round.title.in_(locale))
                for position, session_round in enumerate(forum.rounds)}
    labels = {question_id: _choice_labels(q, locale) for question_id, q in questions.items()}
    answers = db.session.execute(
        select(EvaluationResponse.id, Answer.question_id, Answer.number, Answer.text)
        .join(Answer, Answer.response_id == EvaluationResponse.id)
        .where(EvaluationResponse.forum_id == forum.id, EvaluationResponse.scope != evaluation_scope(None),
               EvaluationResponse.answered())
        .order_by(EvaluationResponse.id))
    given = []
    for response_id, question_id, number, text in answers:
        question = questions.get(question_id)
        if question is None or question.round_id not in sessions:
            continue
        value = _cell(question.kind, number, text, labels[question_id])
        if value is not None:
            given.append((sessions[question.round_id], response_id, question, value))
    given.sort(key=lambda answer: (answer[0][0], answer[1], answer[2].position, answer[2].id))
    rows, numbers = [], {}
    for (_position, session), response_id, question, value in given:
        in_session = numbers.setdefault(question.round_id, {})  # response id → its number in the session
        number = in_session.setdefault(response_id, len(in_session) + 1)
        prompt = question.prompt.in_(locale)
        rows.append([session, number, retired_question_label(prompt) if question.retired else prompt, value])
    header = [gettext("Session"), pgettext("a spreadsheet column: a response's number in its session", "Response"),
              gettext("Question"), gettext("Answer")]
    return header, rows


def removed_choice_label(label: str) -> str:
    """A choice the organizer removed after people chose it, as the results page and the export name it."""
    return gettext("%(choice)s (removed choice)", choice=label)


def retired_question_keys(forum: Forum) -> frozenset[str]:
    """The keys of the forum evaluation's questions the organizer retired (not the sessions' ratings): the key
    figures of a retired default question (its rating, the annual question, "I want to help") are marked."""
    return frozenset(q.key for q in forum.questions if q.round_id is None and q.retired_at is not None)


def retired_question_label(prompt: str) -> str:
    """A question the organizer retired, as the results page and the export name it."""
    return gettext("%(question)s (retired)", question=prompt)


def response_count(forum: Forum) -> int:
    return db.session.scalar(select(func.count(EvaluationResponse.id)).where(
        EvaluationResponse.forum_id == forum.id, _scope_filter(None))) or 0


def session_overview(forum: Forum, locale: str = "en") -> list[dict]:
    """Per round: whether its rating is open or was ever opened, and its results if so: its responses, of which
    ``ratings`` gave a rating (the ``mean`` rests on those) and ``comments_only`` only a comment."""
    rated_round_ids = {q.round_id for q in forum.questions if q.round_id is not None}
    overview = []
    for session_round in forum.rounds:
        summary = results(forum, session_round.id, locale) if session_round.id in rated_round_ids else None
        rating = next((q for q in summary["questions"] if q["kind"] == "rating"), None) if summary else None
        responses = summary["responses"] if summary else 0
        ratings = rating["answered"] if rating else 0
        overview.append({
            "round": session_round, "open": session_round.rating_open, "started": summary is not None,
            "results": summary, "responses": responses, "ratings": ratings, "comments_only": responses - ratings,
            "mean": rating["mean"] if rating else None,
        })
    return overview
