"""Organizer forms for what participants answer: evaluation questions and dot-vote ballots."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, HiddenField, IntegerField, Label, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, ValidationError

from forum.forms import AddedOnce, MultiCheckboxField
from forum.input_filters import clean_text
from forum.lazy_text import lazy_gettext as _l
from forum.models import Translated
from forum.models.translated import LANGUAGES
from forum.translated_field import TranslatedField, in_every_language
from forum.services.ballots import LABEL_MAX, MAX_ITEMS, texts_mark, texts_of
from forum.text_input import visible_text
from forum.text_lengths import MaxLength

KIND_CHOICES = [
    SelectChoice("rating", _l("Rating from 1 to 5")),
    SelectChoice("text", _l("Open answer (text)")),
    SelectChoice("choice", _l("One choice from a list")),
    SelectChoice("yes_no", _l("Yes or no")),
]
MAX_CHOICES = 20
CHOICE_MAX = 200  # characters of a choice's label
CHOICE_ROWS = 6  # pairs of boxes for choices on a question's form: at least this many, and two blank ones


class QuestionForm(FlaskForm):
    prompt = TranslatedField(_l("Question"), max_length=500, multiline=True, required=True)
    kind = SelectField(_l("Kind of answer"), choices=KIND_CHOICES)
    choices = FieldList(TranslatedField(max_length=CHOICE_MAX),  # each labelled "Choice n" in __init__
                        label=_l("Choices (for “one choice from a list”)"),
                        description=_l("One choice in each pair of boxes; leave the boxes you do not need empty."))
    # each choice's stored value, beside its boxes: a reworded choice keeps its answers
    keys = FieldList(HiddenField(filters=[lambda key: (key or "").strip()[:60]]))
    required = BooleanField(_l("An answer is required"))
    # the question as the form showed it (evaluation_setup.question_mark): a save after someone else's is refused
    seen = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rows = min(MAX_CHOICES, max(CHOICE_ROWS, len(self.choice_labels()) + 2))
        while len(self.choices) < rows:
            self.choices.append_entry()
        while len(self.keys) < len(self.choices):
            self.keys.append_entry()
        for number, entry in enumerate(self.choices, 1):
            entry.label = Label(entry.id, _l("Choice %(n)d", n=number))

    def choice_labels(self) -> list[Translated]:
        """The choices given, in their order (empty boxes left out)."""
        return [entry.data for entry in self.choices if entry.data]

    def choice_keys(self) -> list[str | None]:
        """The stored value of each of ``choice_labels`` as the form was shown (None: a choice added)."""
        keys = [entry.data for entry in self.keys]
        return [keys[index] if index < len(keys) and keys[index] else None
                for index, entry in enumerate(self.choices) if entry.data]

    @property
    def choice_problems(self) -> list:
        """The messages about the choices as a whole (``choices.errors`` lists each choice's errors too)."""
        return [error for error in self.choices.errors if not isinstance(error, list)]

    def validate_choices(self, field):
        if self.kind.data != "choice":
            return
        labels = self.choice_labels()
        if len(labels) < 2:
            raise ValidationError(_l("Give at least two choices."))
        if len(labels) > MAX_CHOICES:
            raise ValidationError(_l("At most %(max)d choices.", max=MAX_CHOICES))
        for code in LANGUAGES:
            texts = [text.lower() for label in labels if (text := getattr(label, code))]
            if len(set(texts)) < len(texts):
                raise ValidationError(_l("Two choices have the same label."))


BALLOT_TITLE = _l("Title shown to participants")
NO_ROUND = _l("No round")
_SUGGESTED_TITLE = _l("Which priorities matter most?")


class NewQuestionForm(AddedOnce, QuestionForm):
    pass


class BallotForm(AddedOnce):
    title = TranslatedField(BALLOT_TITLE, max_length=200, required=True,
                            default=lambda: in_every_language(_SUGGESTED_TITLE))
    dots = IntegerField(_l("Dots per participant"), default=3, validators=[InputRequired(), NumberRange(1, 20)])
    max_per_item = IntegerField(_l("At most this many dots on one item"), default=2,
                                validators=[InputRequired(), NumberRange(1, 20)])
    idea_ids = MultiCheckboxField(_l("Starred idea cards"), coerce=int, validate_choice=True)
    theme_ids = MultiCheckboxField(_l("Themes of the latest analysis"), coerce=int, validate_choice=True)
    extra_items = TextAreaField(_l("Other items, one per line"), filters=[clean_text], validators=[MaxLength(20000)],
                                description=_l("The French after a bar: Mentoring programs | Programmes de mentorat"))

    @staticmethod
    def suggested_title() -> Translated:
        return in_every_language(_SUGGESTED_TITLE)

    def untouched_title(self, languages) -> str | None:
        """The one of the forum's ``languages`` whose title box still holds the suggested title while another's
        was changed (a French organizer who rewrote only the French title), else None."""
        suggested, title = self.suggested_title(), self.title.data
        kept = [code for code in languages if getattr(title, code) == getattr(suggested, code)]
        changed = [code for code in languages if getattr(title, code) not in (None, getattr(suggested, code))]
        return kept[0] if len(kept) == 1 and changed else None

    def set_choices(self, ideas, themes, language: str) -> None:
        """``ideas``: the starred cards in their rounds' order; ``language``: the forum's first language, the one
        a line without a bar is in."""
        self.idea_ids.choices = [SelectChoice(idea.id, idea.text) for idea in ideas]
        self.idea_rounds = {idea.id: idea.round for idea in ideas}
        self.theme_ids.choices = [SelectChoice(theme.id, theme.label) for theme in themes]
        self.language = language

    def idea_options_by_round(self) -> list[tuple[str, list]]:
        """The starred cards' checkboxes under the name of their round, the rounds in the forum's order (the
        cards of no round last, under "No round")."""
        groups: list[tuple[object, list]] = []
        for option in self.idea_ids:
            round_ = self.idea_rounds.get(option.data)
            if not groups or groups[-1][0] is not round_:
                groups.append((round_, []))
            groups[-1][1].append(option)
        return [((str(round_.title) or round_.key) if round_ is not None else str(NO_ROUND), options)
                for round_, options in groups]

    def extra_labels(self) -> list[Translated]:
        """'English | French' per line; a line without a bar is in the forum's first language (in French
        on a forum in French only)."""
        labels = []
        for line in (self.extra_items.data or "").splitlines():
            first, bar, french = (visible_text(part) for part in line.partition("|"))
            if first:
                labels.append(Translated(first, french or None) if bar else Translated.only(self.language, first))
        return labels

    def validate_max_per_item(self, field):
        if self.dots.data and field.data and field.data > self.dots.data:
            raise ValidationError(_l("This cannot be more than the dots per participant."))

    def validate_extra_items(self, field):
        if any(len(label.en or "") > LABEL_MAX or len(label.fr or "") > LABEL_MAX for label in self.extra_labels()):
            raise ValidationError(_l("Keep each item under %(max)d characters.", max=LABEL_MAX))
        seen = set()
        for label in self.extra_labels():
            text = label.in_(self.language)
            if text.casefold() in seen:  # two items alike would split one item's dots
                raise ValidationError(_l("“%(item)s” is written twice: write each item once.", item=text))
            seen.add(text.casefold())
        count = len(self.idea_ids.data or []) + len(self.theme_ids.data or []) + len(self.extra_labels())
        if count < 2:
            raise ValidationError(_l("A vote needs at least two items: tick cards or themes, or write items here."))
        if count > MAX_ITEMS:
            raise ValidationError(_l("At most %(max)d items on one vote.", max=MAX_ITEMS))


def ballot_texts_form(ballot, **kwargs) -> FlaskForm:
    """The vote's title and, for each item, its label and an optional context line, in both languages."""
    fields = {"title": TranslatedField(BALLOT_TITLE, max_length=200, required=True)}
    for number, item in enumerate(ballot.items, 1):
        fields[f"label_{item.id}"] = TranslatedField(_l("Item %(n)d", n=number), max_length=LABEL_MAX, required=True)
        fields[f"context_{item.id}"] = TranslatedField(_l("Context line (optional)"), max_length=LABEL_MAX)

    def item_texts(self) -> dict[int, tuple[Translated, Translated]]:
        return {item.id: (self[f"label_{item.id}"].data, self[f"context_{item.id}"].data) for item in ballot.items}

    # the texts as the form showed them (ballots.texts_mark): a text someone else changed since is kept, not undone
    fields["seen"] = HiddenField()
    form_class = type("BallotTextsForm", (FlaskForm,), {**fields, "item_texts": item_texts})
    form = form_class(data={**texts_of(ballot), "seen": texts_mark(ballot)}, **kwargs)
    form.items = [(item, form[f"label_{item.id}"], form[f"context_{item.id}"]) for item in ballot.items]
    return form
