"""What a committee member sends from their page."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Optional

from forum.forms import SubmissionForm, written_in_field
from forum.input_filters import clean_text
from forum.lazy_text import lazy_gettext as _l
from forum.models import ACTION_STATUSES
from forum.services.committee import MEMBER_MAIL_TOPICS
from forum.text_lengths import MaxLength


class StatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=[SelectChoice(key, label) for key, label in ACTION_STATUSES.items()], validators=[DataRequired()])
    owned = HiddenField()  # forum.services.committee.owned_item_mark: the page showed the item as the member's


class MemberFollowUpForm(SubmissionForm):
    owned = HiddenField()  # as StatusForm's
    note = TextAreaField(_l("What happened"), filters=[clean_text], validators=[DataRequired(), MaxLength(5000)])
    written_in = written_in_field()


class GiveBackForm(SubmissionForm):
    reason = TextAreaField(_l("Why you cannot carry it out"), filters=[clean_text],
                           validators=[DataRequired(), MaxLength(2000)])


class ProposalForm(SubmissionForm):
    title = StringField(_l("What could be done"), filters=[clean_text], validators=[DataRequired(), MaxLength(300)])
    description = TextAreaField(_l("Details"), filters=[clean_text], validators=[Optional(), MaxLength(5000)])


class LeaveForm(FlaskForm):
    """Leaving the steering committee: a button (the form carries only its CSRF token)."""


class PublicNameForm(FlaskForm):
    # the same choice names them in the report, which the organizers share and circulate (publicly_named_owners)
    named_publicly = BooleanField(_l("Show my name beside my items on the public progress page and in the forum's "
                                     "report"))


# every kind of mail a member's page can switch (forum.services.committee.member_mail_topics) → its box's label;
# the form's boxes are built from it, and the view's "saved" sentences from MAIL_SAVED beside it
MAIL_TOPIC_LABELS = {
    "reminders": _l("Reminders of my action items when they are due within a week or overdue"),
    "digest": _l("The weekly digest of the action plan"),
    "news": _l("E-mail me when the forum's report is published"),
    "progress": _l("E-mail me news of what becomes of the ideas (at most a few times a year)"),
    "link": _l("E-mail me my committee link when the organizers send it"),
}
assert set(MAIL_TOPIC_LABELS) == set(MEMBER_MAIL_TOPICS), "a kind of mail the member's page offers has no box"


class MailForm(FlaskForm):
    """One box for each kind of mail in MAIL_TOPIC_LABELS (fields added below)."""


for _topic, _label in MAIL_TOPIC_LABELS.items():
    setattr(MailForm, _topic, BooleanField(_label))
