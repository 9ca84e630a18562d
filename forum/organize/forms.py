import datetime
import unicodedata

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms.fields.choices import SelectChoice
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, DateRange, InputRequired, NumberRange, Optional, ValidationError

from forum.dates import time_zone_names
from forum.forms import AddedOnce
from forum.input_filters import clean_text
from forum.lazy_text import lazy_gettext as _l
from forum.models import IDEA_TEXT_MAX
from forum.services.forum_setup import TABLE_NUMBER_MAX, name_mark
from forum.text_input import visible_text
from forum.text_lengths import MaxLength
from forum.translated_field import TranslatedField

# The dates of forums, due dates and links: a typo such as 0001 or 9999 would break the calendar export.
PLAN_DATES = DateRange(datetime.date(2000, 1, 1), datetime.date(2099, 12, 31),
                       message=_l("Choose a date between 2000 and 2099."))

# With both languages, the first is the forum's main one (Forum.main_language): the analysis names the
# themes in it, the report starts in it, and a text typed without its language is taken to be in it.
LANGUAGE_CHOICES = [SelectChoice("en", _l("English")), SelectChoice("fr", _l("French")),
                    SelectChoice("en,fr", _l("English and French (English first)")),
                    SelectChoice("fr,en", _l("French and English (French first)"))]


def time_zone_choices() -> list[SelectChoice]:
    """A forum's own time zone, or none (first): the deployment's."""
    deployment = SelectChoice("", _("The server's (%(zone)s)", zone=current_app.config["TIME_ZONE"]))
    return [deployment] + [SelectChoice(name, name) for name in time_zone_names()]


# The tables a new forum may start with (more are added on the Tables page), and a facilitator's name's length.
MAX_STARTING_TABLES = 100
FACILITATOR_NAME_MAX = 120


class ForumForm(FlaskForm):
    name = TranslatedField(_l("Name"), max_length=200, required=True)
    date = DateField(_l("Date"), validators=[Optional(), PLAN_DATES])
    venue = StringField(_l("Venue"), filters=[clean_text], validators=[Optional(), MaxLength(200)])
    time_zone = SelectField(_l("Time zone"), choices=time_zone_choices, filters=[lambda name: name or ""])
    description = TranslatedField(_l("Description"), max_length=5000, multiline=True)
    languages = SelectField(_l("Languages"), choices=LANGUAGE_CHOICES, default="en,fr")
    table_count = IntegerField(_l("Number of tables"), default=6,
                               validators=[Optional(), NumberRange(0, MAX_STARTING_TABLES)])
    facilitators = TextAreaField(_l("Facilitators, one per line"), filters=[clean_text],
                                 validators=[Optional(), MaxLength(12000)])
    report_out_limit = IntegerField(
        _l("Report-out points per table and round"), default=7, validators=[InputRequired(), NumberRange(1, 20)]
    )

    # The past date the organizer was asked about and kept (ISO): a forum held already is created (or dated) to
    # import its paper cards, and a typo in the year is caught by the question.
    past_date = HiddenField(filters=[lambda value: (value or "").strip()[:10]])
    # a forum's settings as the form showed them (forums.settings_mark): one someone else changed since is kept
    seen = HiddenField()

    def asks_about_past_date(self, today: datetime.date, saved: datetime.date | None = None) -> bool:
        """The date is before ``today``, is not the forum's ``saved`` date (a forum held already, its date left as
        it was, is not asked about) and the organizer has not yet kept this very date; the next form shown
        remembers it, so that sending the form again creates the forum or saves its settings."""
        if (self.date.data is None or self.date.data >= today or self.date.data == saved
                or self.past_date.data == self.date.data.isoformat()):
            return False
        self.past_date.data = self.date.data.isoformat()
        return True

    def validate_facilitators(self, field):
        check_facilitator_lines(field.data, _("Name the others on the Tables page once the forum is made."))


def check_facilitator_lines(text: str | None, past_most: str = "") -> None:
    """Facilitators' names typed one per line, one table each (blank lines left out): a list longer than the
    tables a form adds at once (``past_most`` says where to name the others), a line longer than a name (pasted by
    mistake: a registration list, a paragraph) or a name on two lines (one person cannot hold two tables) is
    refused, never cut or merged without a word."""
    lines = (text or "").splitlines()
    names = [name for name in map(visible_text, lines) if name]
    if len(names) > MAX_STARTING_TABLES:
        raise ValidationError(" ".join(filter(None, [
            _("%(num)d names: at most %(max)d facilitators, one per table.", num=len(names), max=MAX_STARTING_TABLES),
            str(past_most)])))
    first_line: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        name = visible_text(line)
        if len(name) > FACILITATOR_NAME_MAX:
            raise ValidationError(_("Line %(line)d is longer than %(max)d characters: write one facilitator's "
                                    "name per line.", line=number, max=FACILITATOR_NAME_MAX))
        if name and name.casefold() in first_line:
            raise ValidationError(_("“%(name)s” is on lines %(first)d and %(line)d: each table has its own "
                                    "facilitator.", name=name, first=first_line[name.casefold()], line=number))
        first_line.setdefault(name.casefold(), number)


def facilitator_lines(text: str | None) -> list[str]:
    """The names typed one per line (blank lines left out), each cut to a facilitator name's length."""
    return [name[:FACILITATOR_NAME_MAX] for name in map(visible_text, (text or "").splitlines())
            if name][:MAX_STARTING_TABLES]


def facilitators_form(forum) -> FlaskForm:
    """One field per table, to name every table's facilitator on one form."""
    class FacilitatorsForm(FlaskForm):
        pass

    for table in forum.tables:
        setattr(FacilitatorsForm, f"table{table.id}", StringField(
            _l("Table %(number)s", number=table.number), filters=[clean_text],
            validators=[Optional(), MaxLength(120)], default=table.facilitator_name))
        # the name the form showed (forum_setup.name_mark): a name someone else changed since is kept, not undone
        setattr(FacilitatorsForm, f"seen{table.id}", HiddenField(default=name_mark(table.facilitator_name)))
    return FacilitatorsForm(prefix="facilitators")


class RoundForm(FlaskForm):
    title = TranslatedField(_l("Title"), max_length=200, required=True)
    question = TranslatedField(_l("Question asked at the tables"), max_length=2000, multiline=True)


class TableForm(FlaskForm):
    number = IntegerField(_l("Table number"), validators=[InputRequired(), NumberRange(1, TABLE_NUMBER_MAX)])
    facilitator_name = StringField(_l("Facilitator"), filters=[clean_text], validators=[Optional(), MaxLength(120)])


class GroupForm(FlaskForm):
    name = TranslatedField(_l("Name"), max_length=120, required=True)
    description = TranslatedField(_l("Who the group is and what it does"), max_length=2000, multiline=True)


class Shown(FlaskForm):
    """An item's edit form as the page showed it: ``seen``, what it showed (``forum_setup.seen_mark``), lets its save
    keep a field someone else changed meanwhile, or refuse a change of the same field."""

    seen = HiddenField()


class EditedRoundForm(Shown, RoundForm):
    pass


class EditedTableForm(Shown, TableForm):
    pass


class EditedGroupForm(Shown, GroupForm):
    pass


class NewForumForm(AddedOnce, ForumForm):
    pass


class NewRoundForm(AddedOnce, RoundForm):
    pass


class NewTableForm(AddedOnce, TableForm):
    pass


class NewGroupForm(AddedOnce, GroupForm):
    pass


class NewTablesForm(AddedOnce):
    """Several tables at once, numbered after the forum's last: how many, or their facilitators one per line
    (a table each), or both (the tables past the names have no facilitator yet)."""

    count = IntegerField(_l("How many tables"), validators=[
        Optional(), NumberRange(1, MAX_STARTING_TABLES, message=_l("Add from 1 to %(max)d tables at once.",
                                                                   max=MAX_STARTING_TABLES))])
    facilitators = TextAreaField(_l("Their facilitators, one per line (optional)"), filters=[clean_text],
                                 validators=[Optional(), MaxLength(12000)])

    def validate_facilitators(self, field):
        check_facilitator_lines(field.data, _("Add the others in a second list."))

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        names = facilitator_lines(self.facilitators.data)
        if not names and not self.count.data:
            self.count.errors.append(_("Give how many tables to add, or their facilitators one per line."))
            return False
        if self.count.data and len(names) > self.count.data:
            self.count.errors.append(ngettext("%(names)d facilitators for %(num)d table: give as many tables as names, "
                                              "or leave the number empty.", "%(names)d facilitators for %(num)d "
                                              "tables: give as many tables as names, or leave the number empty.",
                                              self.count.data, names=len(names)))
            return False
        return True


class ImportForm(FlaskForm):
    kind = SelectField(_l("What the file holds"), choices=[SelectChoice("ideas", _l("Idea cards")),
                                                          SelectChoice("evaluations", _l("Evaluation responses")),
                                                          SelectChoice("registrations", _l("Registration list")),
                                                          SelectChoice("signups", _l("Steering committee sign-ups"))])
    file = FileField(_l("CSV file or Excel workbook (.xlsx)"),
                     validators=[FileRequired(_l("Choose a CSV file or an Excel workbook."))])


class ConfirmImportForm(FlaskForm):
    kind = HiddenField(validators=[DataRequired()])
    content = HiddenField(validators=[DataRequired()])
    columns = HiddenField()  # an idea file's column mapping, comma-separated ("" when the file's names are used)
    sheet = HiddenField()  # the sheet of a workbook the text was read from, named on the check page
    sheets = HiddenField()  # how many sheets that workbook has
    empty_formulas = HiddenField()  # how many of its formula cells were saved without their value
    merged = HiddenField()  # its ranges of merged cells across columns in its header's rows ("B1:C1 A2:C2")


class IdeaForm(FlaskForm):
    text = TextAreaField(_l("Text"), filters=[clean_text], validators=[DataRequired(), MaxLength(IDEA_TEXT_MAX)])
    round_id = SelectField(_l("Round"), coerce=int, validators=[Optional()])
    table_id = SelectField(_l("Table"), coerce=int, validators=[Optional()])
    group_id = SelectField(_l("Stakeholder group"), coerce=int, validators=[Optional()])
    phase = StringField(_l("Phase"), filters=[clean_text], validators=[Optional(), MaxLength(40)])

    def set_choices(self, forum) -> None:
        none, locale = [SelectChoice(0, "—")], str(get_locale())
        self.round_id.choices = none + [SelectChoice(r.id, r.title.in_(locale)) for r in forum.rounds]
        self.table_id.choices = none + [SelectChoice(t.id, t.label) for t in forum.tables]
        self.group_id.choices = none + [SelectChoice(g.id, g.name.in_(locale)) for g in forum.groups]


# A phone's smart punctuation types ’ where the name was written with ' (and the reverse).
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "′": "'", "`": "'", "´": "'",
                              "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})


def typed_alike(name: str) -> str:
    """A name as it looks: compatibility forms (NFKC), apostrophes and quotes, case and runs of spaces
    folded, so that a name typed on another keyboard matches the one shown."""
    folded = unicodedata.normalize("NFKC", name).translate(_APOSTROPHES).casefold()
    return " ".join(folded.split())


class ForumDeleteForm(FlaskForm):
    """Deleting a forum asks for its name, typed (in either of its languages): a slip cannot erase it."""
    name = StringField(_l("Type the forum's name to confirm"), filters=[clean_text],
                       validators=[DataRequired(_l("Type the forum's name to delete it.")), MaxLength(200)])

    def __init__(self, forum, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.forum_names = {typed_alike(name) for name in (forum.name.en, forum.name.fr) if name}

    def validate_name(self, field) -> None:
        if typed_alike(field.data) not in self.forum_names:
            raise ValidationError(_("This is not the forum's name: nothing was deleted."))
