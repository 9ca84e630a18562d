"""Answers the phone's offline queue sends as JSON, checked against the questions without
building a form: the refusals, messages and saved values are those of ``evaluation_form``
(WTForms), which the HTML form post keeps using.

The JSON body arrives as ``json_fields()`` made it: every answer a string, as a form post would be.
"""
from __future__ import annotations

from collections.abc import Sequence

from forum.forms import CLIENT_ID, INCOMPLETE, wtforms_messages
from forum.input_filters import clean_text
from forum.participate.forms import ANSWER_REQUIRED, NOTHING_ANSWERED, TEXT_ANSWER_MAX, field_name
from forum.services.participation import CLEARED, AnswerValue, InvalidAnswers, has_an_answer
from forum.text_input import is_blank
from forum.text_lengths import too_long

YES_NO = ("yes", "no")
# WTForms' own messages, translated by its catalogue (named here so that our catalogue's
# extraction does not take them for ours)
NOT_A_CHOICE = "Not a valid choice."
NOT_A_NUMBER = "Invalid Choice: could not coerce."


def _chosen(question, raw: str, messages) -> tuple[AnswerValue | None, str | None]:
    """The answer ``raw`` gives to a question, or the message refusing it; (None, None): no answer, a
    value that shows nothing (looked for only in a value that is no choice: an answer costs nothing more)."""
    if question.kind == "rating":
        try:
            number = int(raw)
        except ValueError:
            return None, None if is_blank(raw) else messages.gettext(NOT_A_NUMBER)
        if not 1 <= number <= 5:
            return None, messages.gettext(NOT_A_CHOICE)
        return AnswerValue(number=float(number)), None
    if question.kind == "text":
        text = clean_text(raw)
        if len(text) > TEXT_ANSWER_MAX:
            return None, too_long(len(text), TEXT_ANSWER_MAX)
        return (AnswerValue(text=text) if text else None), None
    values = YES_NO if question.kind == "yes_no" else [str(c["value"]) for c in question.choices or []]
    if raw not in values:
        return None, None if is_blank(raw) else messages.gettext(NOT_A_CHOICE)
    if question.kind == "yes_no":
        return AnswerValue(number=1.0 if raw == "yes" else 0.0, text=raw), None
    return AnswerValue(text=raw), None


def checked_answers(fields: dict[str, str], questions: Sequence, locale: str) -> tuple[str, dict[int, AnswerValue]]:
    """(client id, answers by question id) from the posted fields, or ``InvalidAnswers`` naming
    each field's problems. ``questions`` are rows with the attributes of ``EvaluationQuestion``."""
    errors: dict[str, list[str]] = {}
    client_id = fields.get("client_id")
    if not client_id or not CLIENT_ID.fullmatch(client_id):
        errors["client_id"] = [str(INCOMPLETE)]
    answers = {}
    messages = wtforms_messages(locale)
    for question in questions:
        name = field_name(question)
        raw = fields.get(name)
        answer, error = _chosen(question, raw, messages) if raw else (None, None)
        if error:
            errors[name] = [error]
        elif answer is not None:
            answers[question.id] = answer
        elif raw is not None and question.retired:  # its old form's field sent blank: the earlier answer goes
            answers[question.id] = CLEARED
        elif question.required:  # not sent, or only spaces or invisible characters: the form's message
            errors[name] = [str(ANSWER_REQUIRED)]
    if not errors and not has_an_answer(answers):
        errors["form"] = [str(NOTHING_ANSWERED)]
    if errors:
        raise InvalidAnswers(errors)
    return client_id, answers
