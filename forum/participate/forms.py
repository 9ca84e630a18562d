"""Participant forms. The evaluation and the dot vote are built from rows in the database
(the questions, the ballot's items) as WTForms classes, as Indico does for surveys; an
evaluation's class is kept for the next phone with the same questions and language."""
from __future__ import annotations

import random

from flask_babel import ngettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, StopValidation, ValidationError

from forum.forms import SubmissionForm
from forum.input_filters import CODE_INPUT, clean_text, compact_code
from forum.lazy_text import lazy_gettext as _l
from forum.models import EvaluationQuestion, Translated, choices_of
from forum.services.participation import CLEARED, AnswerValue, has_an_answer
from forum.text_input import is_blank
from forum.text_lengths import MaxLength

TEXT_ANSWER_MAX = 2000
RATING_WORDS = {1: _l("Poor"), 2: _l("Fair"), 3: _l("Good"), 4: _l("Very good"), 5: _l("Excellent")}
ANSWER_REQUIRED = _l("Please answer this question.")
NOTHING_ANSWERED = _l("Answer at least one question before sending.")


class JoinForm(FlaskForm):
    code = StringField(_l("Forum code"), filters=[compact_code], render_kw=CODE_INPUT, validators=[
        DataRequired(_l("Type the code shown in the room.")), Length(max=12, message=_l("This code is too long."))])


class ContinueForm(FlaskForm):
    """The code another phone of the participant shows (``services.device_moves``), typed on this one."""
    # checked once its dash and spaces are taken out; typed with them (7K3M-Q9XP), so the box takes more
    code = StringField(_l("Code from your other phone"), filters=[compact_code],
                       render_kw={**CODE_INPUT, "maxlength": 24}, validators=[
        DataRequired(_l("Type the code your other phone shows.")),
        Length(min=8, max=8, message=_l("The code has 8 letters and digits, for example 7K3M-Q9XP."))])


def group_choices(forum, locale: str) -> list[SelectChoice]:
    return [SelectChoice(0, _l("Prefer not to say"))] + [
        organizer_choice(g.id, g.name, locale) for g in forum.groups]


# The participant picks their stakeholder group among radio buttons (every name whole at any text size); with more
# groups than this, a search box above them narrows the list as they type. (A list box, <select size>, showed several
# names at once on a computer, but an iPhone shows any select as a drop-down and a wheel picker cutting long names.)
GROUPS_WITHOUT_SEARCH = 8


def offer_groups(field: SelectField, forum, locale: str) -> None:
    """The forum's stakeholder groups as the choices of a participant's ``group_id`` field, shown as radio buttons
    (``field.as_radios``, for the form's problems' links), with a search box for a long list (``field.searchable``):
    both read by the group_field macro."""
    field.choices = group_choices(forum, locale)
    field.as_radios = True
    field.searchable = len(forum.groups) > GROUPS_WITHOUT_SEARCH


def organizer_choice(value, label: Translated, locale: str) -> SelectChoice:
    """A choice an organizer typed, in ``locale``; shown in the other language (no version in ``locale``),
    it carries that ``lang`` (on a select's option; the choice_group macro puts it on a radio's label)."""
    shown = label.shown_in(locale)
    return SelectChoice(value, label.in_(locale), render_kw={"lang": shown} if shown and shown != locale else None)


# A person's name, organization and email, marked for the phone's autofill (WCAG's "identify input purpose").
def name_field(*validators) -> StringField:
    return StringField(_l("Your name"), filters=[clean_text], render_kw={"autocomplete": "name"},
                       validators=[*validators, MaxLength(120)])


def organization_field(*validators) -> StringField:
    return StringField(_l("Your organization"), filters=[clean_text], render_kw={"autocomplete": "organization"},
                       validators=[*validators, MaxLength(200)])


def email_field(*validators) -> EmailField:
    return EmailField(_l("Your email"), filters=[clean_text], render_kw={"autocomplete": "email"},
                      validators=[*validators, MaxLength(254)])


class ProfileForm(FlaskForm):
    name = name_field(Optional())
    organization = organization_field(Optional())
    group_id = SelectField(_l("Your stakeholder group"), coerce=int, validators=[Optional()])


class ContactForm(FlaskForm):
    share = BooleanField(_l("Yes, show my name, organization and email to the other attendees of this forum"))
    name = name_field()
    organization = organization_field()
    email = email_field()
    wants_news = BooleanField(_l("E-mail me when the forum's report is published"))
    wants_progress = BooleanField(_l("E-mail me news of what becomes of the ideas (at most a few times a year)"))

    def validate_name(self, field):
        if self.share.data and not field.data:
            raise ValidationError(_l("Give your name so that others know who you are."))

    def validate_email(self, field):
        if self.share.data and not field.data:
            raise ValidationError(_l("Give an email address so that others can reach you."))
        if self.wants_news.data and not field.data:
            raise ValidationError(_l("Give an email address to hear when the report is published."))
        if self.wants_progress.data and not field.data:
            raise ValidationError(_l("Give an email address to hear what becomes of the ideas."))
        if field.data:
            Email(_l("This is not a valid email address."))(self, field)


class SteeringSignupForm(SubmissionForm):
    name = name_field(DataRequired(_l("Give your name.")))
    organization = organization_field(Optional())
    email = email_field(DataRequired(_l("Give an email address so that the organizers can reach you.")),
                        Email(_l("This is not a valid email address.")))
    group_id = SelectField(_l("Your stakeholder group"), coerce=int, validators=[Optional()])
    consents_to_owner_role = BooleanField(
        _l("I agree to be named as the owner of an action item in the action plan."))
    wants_news = BooleanField(_l("E-mail me when the forum's report is published"))
    wants_progress = BooleanField(_l("E-mail me news of what becomes of the ideas (at most a few times a year)"))

    def consents(self) -> dict:
        """The consents as the sign-up service takes them: given (True) or not (False)."""
        return {"consents_to_owner_role": self.consents_to_owner_role.data, "wants_news": self.wants_news.data,
                "wants_progress": self.wants_progress.data}


KEPT, GIVEN, REFUSED = "keep", "yes", "no"


def _kept_given_or_refused(value):
    """A choice sent by the page ("keep", "yes", "no"), or a JSON client's true or false."""
    if value is True or value is False:
        return GIVEN if value else REFUSED
    return str(value).strip().lower() if value is not None else KEPT


def _consent_choice(label):
    return RadioField(label, coerce=_kept_given_or_refused, default=KEPT, validators=[Optional()], choices=[
        SelectChoice(KEPT, _l("Keep what I chose before")), SelectChoice(GIVEN, _l("Yes")),
        SelectChoice(REFUSED, _l("No"))])


class ResentSignupForm(SteeringSignupForm):
    """The sign-up form on a phone that no longer has its copy of what it sent (``RECEIVED``): the consents given
    before are not known to the page, so each is an explicit choice, kept unless the person says yes or no; an
    unticked box would otherwise withdraw them unseen. The same for every address (a member's saves nothing)."""

    consents_to_owner_role = _consent_choice(
        _l("I agree to be named as the owner of an action item in the action plan."))
    wants_news = _consent_choice(_l("E-mail me when the forum's report is published"))
    wants_progress = _consent_choice(_l("E-mail me news of what becomes of the ideas (at most a few times a year)"))

    def consents(self) -> dict:
        """None for a consent kept as it was."""
        meaning = {KEPT: None, GIVEN: True, REFUSED: False}
        return {"consents_to_owner_role": meaning.get(self.consents_to_owner_role.data),
                "wants_news": meaning.get(self.wants_news.data),
                "wants_progress": meaning.get(self.wants_progress.data)}


class ChoiceAnswered:
    """A rating, yes/no or choice question sent nothing, or spaces or invisible characters alone (a
    hand-made request): unanswered, as a blank text answer is, rather than "Not a valid choice.". A
    required question refuses it with ``ANSWER_REQUIRED``; an optional one has no answer. Only a value
    the field refused is looked at (a choice costs nothing more)."""

    def __init__(self, required: bool):
        self.required = required
        self.field_flags = {"required": True} if required else {"optional": True}

    def __call__(self, form, field) -> None:
        sent = field.raw_data[0] if field.raw_data else ""
        if (sent and not field.errors) or not is_blank(sent):  # a choice, or a value that is not one
            return
        field.errors[:] = []
        field.data = None
        raise StopValidation(ANSWER_REQUIRED if self.required else None)


class OfferedChoiceField(RadioField):
    """A choice question's radios, one for each choice offered. A choice the organizer removed after people
    chose it is no longer shown, but still taken from a phone that loaded the form before (its answers are
    kept, under its last wording), as the offline queue's JSON is (``answers``), and still shown, chosen, to
    a device that chose it, so that changing another answer does not drop this one."""

    def __init__(self, *args, removed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.removed = {choice.value: choice for choice in removed}

    def show_removed(self, value) -> None:
        """Show the removed choice ``value`` (one the device chose) after the others."""
        if value in self.removed and all(choice.value != value for choice in self.choices):
            self.choices = [*self.choices, self.removed[value]]

    def pre_validate(self, form):
        if self.data in self.removed:
            self.show_removed(self.data)
        else:
            super().pre_validate(form)


def _field_for(question: EvaluationQuestion, locale: str):
    label = question.prompt.in_(locale)
    presence = ChoiceAnswered(question.required)
    if question.kind == "rating":
        choices = [SelectChoice(n, f"{n} – {RATING_WORDS[n]}") for n in (5, 4, 3, 2, 1)]
        return RadioField(label, coerce=int, choices=choices, validators=[presence])
    if question.kind == "yes_no":
        return RadioField(label, choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))],
                          validators=[presence])
    if question.kind == "choice":
        stored = choices_of(question.choices)
        choices = [organizer_choice(choice.value, choice.label, locale) for choice in stored if not choice.removed]
        return OfferedChoiceField(label, choices=choices, validators=[presence],
                                  removed=[organizer_choice(choice.value, choice.label, locale)
                                           for choice in stored if choice.removed])
    # checked once cleaned: spaces or invisible characters alone are no answer
    presence = DataRequired(ANSWER_REQUIRED) if question.required else Optional()
    return TextAreaField(label, filters=[clean_text], validators=[presence, MaxLength(TEXT_ANSWER_MAX)])


def field_name(question: EvaluationQuestion) -> str:
    return f"q_{question.key}"  # a prefix keeps keys like "data" or "meta" clear of the form's own names


# Evaluation form classes by language and everything their fields are built from: building the
# class costs twice as much as using it, and every phone of a forum gets the same one.
_FORM_CLASSES: dict[tuple, type] = {}
_FORM_CLASSES_MAX = 256


class AnswersForm(SubmissionForm):
    """Answers to a set of questions (``form.questions``): sending none is no response."""

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators):
            return False
        if not has_an_answer(answers_from(self)):
            self.form_errors.append(str(NOTHING_ANSWERED))
            return False
        return True


def _evaluation_form_class(questions: list[EvaluationQuestion], locale: str) -> type:
    key = (locale, tuple((q.key, q.kind, q.prompt, q.required, repr(q.choices)) for q in questions))
    form_class = _FORM_CLASSES.get(key)
    if form_class is None:
        if len(_FORM_CLASSES) >= _FORM_CLASSES_MAX:
            _FORM_CLASSES.clear()
        form_class = _FORM_CLASSES[key] = type("EvaluationForm", (AnswersForm,), {
            field_name(q): _field_for(q, locale) for q in questions})
    return form_class


def evaluation_form(questions: list[EvaluationQuestion], locale: str, **kwargs) -> SubmissionForm:
    """The form for these questions (ORM objects or rows with the same attribute names)."""
    form = _evaluation_form_class(questions, locale)(**kwargs)
    form.questions = [(q, form[field_name(q)]) for q in questions]
    return form


def answers_from(form) -> dict[int, AnswerValue]:
    answers = {}
    for question, field in form.questions:
        value = field.data
        if value is None or isinstance(value, str) and not value.strip():  # an optional choice left blank
            if field.raw_data and getattr(question, "retired", False):  # its old form's field sent blank
                answers[question.id] = CLEARED  # (the participant's page still showed it): its earlier answer goes
            continue
        if question.kind == "rating":
            answers[question.id] = AnswerValue(number=float(value))
        elif question.kind == "yes_no":
            answers[question.id] = AnswerValue(number=1.0 if value == "yes" else 0.0, text=value)
        else:
            answers[question.id] = AnswerValue(text=value)
    return answers


def prefill(form, response) -> None:
    """Show the device's saved answers in the form (GET only)."""
    if response is None:
        return
    saved = {answer.question_id: answer for answer in response.answers}
    for question, field in form.questions:
        answer = saved.get(question.id)
        if answer is not None:
            field.data = int(answer.number) if question.kind == "rating" and answer.number else answer.text
            if isinstance(field, OfferedChoiceField):
                field.show_removed(answer.text)


def in_participant_order(items, seed: str) -> list:
    """``items`` shuffled the same way every time for one ``seed`` (a device and a ballot), so that
    each phone sees its own order and a reload does not reshuffle it."""
    ordered = list(items)
    random.Random(seed).shuffle(ordered)
    return ordered


def _a_number(form, field) -> None:
    """Stop at the field's own "Not a valid integer value." when what was typed is no number."""
    if field.data is None and field.process_errors:
        raise StopValidation()


def vote_form(ballot, device: str | None = None, **kwargs) -> SubmissionForm:
    """One number field per item (0..max dots per item); the total is checked against the dots.
    ``form.items`` lists them in the device's own order."""
    limit = ballot.max_dots_per_item
    fields = {f"item_{item.id}": IntegerField(item.label, default=0, validators=[
        Optional(), _a_number, NumberRange(0, limit, message=_l("Put from 0 to %(max)d dots on one item.", max=limit))])
        for item in ballot.items}

    def validate(self, extra_validators=None):
        valid = SubmissionForm.validate(self, extra_validators)
        if valid and sum(self.allocation().values()) > ballot.dots_per_participant:
            self.form_errors.append(ngettext("You have %(dots)d dot to spend; take some off first.",
                                             "You have %(dots)d dots to spend; take some off first.",
                                             ballot.dots_per_participant, dots=ballot.dots_per_participant))
            return False
        return valid

    def allocation(self) -> dict[int, int]:
        return {item.id: self[f"item_{item.id}"].data or 0 for item in ballot.items}

    form_class = type("VoteForm", (SubmissionForm,), {**fields, "validate": validate, "allocation": allocation})
    form = form_class(**kwargs)
    form.items = [(item, form[f"item_{item.id}"])
                  for item in in_participant_order(ballot.items, f"{ballot.id}:{device or ''}")]
    return form
