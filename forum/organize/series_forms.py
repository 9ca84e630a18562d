from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Optional

from forum.forms import AddedOnce, MultiCheckboxField, SubmissionForm
from forum.input_filters import clean_text
from forum.lazy_text import lazy_gettext as _l
from forum.organize.forms import PLAN_DATES
from forum.services.codebook import DESCRIPTION_MAX, LABEL_MAX
from forum.text_lengths import MaxLength
from forum.translated_field import TranslatedField


class SeriesForm(FlaskForm):
    name = TranslatedField(_l("Name"), max_length=200, required=True)
    description = TranslatedField(_l("Description"), max_length=5000, multiline=True)


class NewSeriesForm(AddedOnce, SeriesForm):
    pass


class SeriesHandOverForm(FlaskForm):
    membership_id = SelectField(_l("New owner"), coerce=int, validators=[InputRequired()])
    understood = BooleanField(_l("I understand that I will still read this comparison, but no longer change the "
                                 "series, its editions or who reads it."),
                              validators=[DataRequired(_l("Tick the box to hand the series over."))])


class SeriesForumForm(FlaskForm):
    forum_id = SelectField(_l("Forum"), coerce=int, validators=[DataRequired(_l("Choose a forum."))])


class NewEditionForm(SubmissionForm):
    """The names are typed per language, like the new forum's: a name typed in French is the French name.
    Sent twice (its client id), it makes one edition."""
    name = TranslatedField(_l("Name of the new edition"), max_length=200, required=True)
    date = DateField(_l("Date"), validators=[Optional(), PLAN_DATES])
    venue = StringField(_l("Venue"), filters=[clean_text], validators=[Optional(), MaxLength(200)])
    series_name = TranslatedField(_l("Name of the series"), max_length=200)
    # shown only for a forum that already has a next edition (editions.new_edition's ``again``)
    again = BooleanField(_l("Start another edition from this forum anyway: its steering committee is carried over a "
                            "second time, its action items carried over already are not"))
    # the previous forum's members who carry on, by the id of their latest sign-up (editions.committee_to_carry), all
    # ticked at first; one who left meanwhile is not carried, ticked or not. ``committee_offered`` says the form showed
    # the boxes (a form that did not carries every member, as it said).
    members = MultiCheckboxField(_l("Steering committee members who carry on"), coerce=int, validate_choice=False)
    committee_offered = BooleanField()


class CodeForm(FlaskForm):
    """A code's label and description lengths are the codebook's to check (``codebook.check_lengths``,
    naming the code), with no ``maxlength`` that would have the browser cut a pasted text unsaid; the
    page's character count shows them."""
    key = StringField(_l("Key"), filters=[clean_text], validators=[Optional(), MaxLength(40)])
    label = TranslatedField(_l("Label"), max_length=None, required=True, counted=LABEL_MAX)
    description = TranslatedField(_l("What it covers"), max_length=None, multiline=True, counted=DESCRIPTION_MAX)


class EditedCodeForm(CodeForm):
    # the code's fields as the form showed them (codebook.code_mark): one someone else changed since is kept
    seen = HiddenField()


class NewCodeForm(AddedOnce, CodeForm):
    pass


class CodebookImportForm(FlaskForm):
    file = FileField(_l("CSV, JSON or Excel (.xlsx) file"),
                     validators=[FileRequired(_l("Choose a CSV, JSON or Excel (.xlsx) file."))])


class CarryCodesForm(FlaskForm):
    source_id = SelectField(_l("Previous forum"), coerce=int, validators=[DataRequired(_l("Choose a forum."))])
