from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from forum.input_filters import clean_text
from forum.services.codebook import DESCRIPTION_MAX


class SeriesForm(FlaskForm):
    name = StringField(_l("Name"), filters=[clean_text], validators=[DataRequired(), Length(max=200)])
    name_fr = StringField(_l("Name in French"), filters=[clean_text], validators=[Optional(), Length(max=200)])
    description = TextAreaField(_l("Description"), filters=[clean_text], validators=[Optional(), Length(max=5000)])


class SeriesForumForm(FlaskForm):
    forum_id = SelectField(_l("Forum"), coerce=int, validators=[DataRequired(_l("Choose a forum."))])


class NewEditionForm(FlaskForm):
    name = StringField(_l("Name of the new edition"), filters=[clean_text],
                       validators=[DataRequired(), Length(max=200)])
    date = DateField(_l("Date"), validators=[Optional()])
    venue = StringField(_l("Venue"), filters=[clean_text], validators=[Optional(), Length(max=200)])
    series_name = StringField(_l("Name of the series"), filters=[clean_text], validators=[Optional(), Length(max=200)])


class CodeForm(FlaskForm):
    key = StringField(_l("Key"), filters=[clean_text], validators=[Optional(), Length(max=40)])
    label = StringField(_l("Label"), filters=[clean_text], validators=[DataRequired(), Length(max=200)])
    label_fr = StringField(_l("Label in French"), filters=[clean_text], validators=[Optional(), Length(max=200)])
    description = TextAreaField(_l("What it covers"), filters=[clean_text],
                                validators=[Optional(), Length(max=DESCRIPTION_MAX)])
    description_fr = TextAreaField(_l("What it covers, in French"), filters=[clean_text],
                                   validators=[Optional(), Length(max=DESCRIPTION_MAX)])


class CodebookImportForm(FlaskForm):
    file = FileField(_l("CSV or JSON file"), validators=[FileRequired(_l("Choose a CSV or JSON file."))])


class CarryCodesForm(FlaskForm):
    source_id = SelectField(_l("Previous forum"), coerce=int, validators=[DataRequired(_l("Choose a forum."))])
