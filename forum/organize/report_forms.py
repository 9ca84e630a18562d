"""Forms of the report, review, action plan and steering committee pages."""
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, EmailField, HiddenField, RadioField, SelectField, StringField,
                     TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Optional

from forum.forms import AddedOnce, SubmissionForm, written_in_field
from forum.input_filters import clean_text, normal_email
from forum.lazy_text import lazy_gettext as _l
from forum.organize.forms import PLAN_DATES
from forum.models import ACTION_STATUSES, STEERING_MODELS
from forum.services.action_plan import KEPT_PRIORITY
from forum.text_lengths import MaxLength
from forum.translated_field import TranslatedField

TEXT_MAX = 20000
REVIEW_REPLY_MAX = 1000  # a short answer; the comment itself may be 5,000


class ReportTextForm(FlaskForm):
    language = SelectField(_l("Language of the shared report"))
    attendees_basis = RadioField(_l("Who the report counts as participants"), choices=[
        SelectChoice("largest", _l("The largest of the three counts below")),
        SelectChoice("registered", _l("People on the registration list")),
        SelectChoice("joined", _l("People who joined on their phones")),
        SelectChoice("evaluated", _l("People who filled in the evaluation"))], default="largest",
        validators=[DataRequired(_l("Choose who counts as a participant."))])
    include_appendix = BooleanField(_l("End the report with the appendix of every idea"))
    executive_summary = TextAreaField(_l("Executive summary"), filters=[clean_text], validators=[MaxLength(TEXT_MAX)],
                                      render_kw={"rows": 12})
    way_forward = TextAreaField(_l("Way forward"), filters=[clean_text], validators=[MaxLength(TEXT_MAX)],
                                render_kw={"rows": 8})
    # Fingerprints of the generated drafts shown in the boxes: an unchanged draft is not stored as the organizer's.
    summary_draft = HiddenField()
    way_forward_draft = HiddenField()
    # the settings and texts as the form showed them (reports.report_mark): one someone else changed since is kept
    seen = HiddenField()


class ReviewLinkForm(AddedOnce):
    reviewer_group = StringField(_l("Who reviews (e.g. Newcomer council)"), filters=[clean_text],
                                 validators=[DataRequired(), MaxLength(200)])


class ReviewCommentForm(FlaskForm):
    # in the page's order: the box listing a refused comment's problems lists them in this order
    text = TextAreaField(_l("Your comment"), filters=[clean_text], validators=[DataRequired(), MaxLength(5000)])
    author_name = StringField(_l("Your name (optional)"), filters=[clean_text], validators=[Optional(), MaxLength(120)])
    # offered only when the server sends mail (forum.services.review_mail.offered)
    email = EmailField(_l("E-mail me when the organizers reply (optional)"), filters=[clean_text, normal_email],
                       render_kw={"autocomplete": "email"},
                       validators=[Optional(), MaxLength(254), Email(_l("This is not a valid email address."))])
    client_id = HiddenField(validators=[DataRequired(), MaxLength(64)])


class ReviewReplyForm(FlaskForm):
    reply = TextAreaField(_l("Your reply to the reviewers (optional)"), filters=[clean_text],
                          validators=[MaxLength(REVIEW_REPLY_MAX)], render_kw={"rows": 2})

    def of_comment(self, comment_id: int) -> "ReviewReplyForm":
        """The form under comment ``comment_id``: one on the page for each comment, each box with its own id
        (its name stays ``reply``)."""
        self.reply.id = self.reply.label.field_id = f"reply-{comment_id}"
        return self


class ActionItemForm(FlaskForm):
    title = TranslatedField(_l("What will be done"), max_length=300, required=True)
    description = TranslatedField(_l("Details"), max_length=5000, multiline=True)
    theme_id = SelectField(_l("Priority / theme it serves"), coerce=int, validators=[Optional()])
    lead_group_id = SelectField(_l("Lead stakeholder group"), coerce=int, validators=[Optional()])
    owner_signup_id = SelectField(_l("Owner (steering committee members who agreed to own actions)"), coerce=int,
                                  validators=[Optional()])
    due_date = DateField(_l("Due date"), validators=[Optional(), PLAN_DATES])
    status = SelectField(_l("Status"), choices=[SelectChoice(key, label) for key, label in ACTION_STATUSES.items()])

    def set_choices(self, themes, groups, owners, current_owner=None, kept_priority=None) -> None:
        """``kept_priority``: the name of the item's priority when it is no theme of the latest analysis, offered
        first (KEPT_PRIORITY), as "—" takes it off."""
        none = [SelectChoice(0, "—")]
        kept = [SelectChoice(KEPT_PRIORITY, _l("%(priority)s (from an earlier analysis or edition)",
                                              priority=kept_priority))] if kept_priority else []
        self.theme_id.choices = none + kept + [SelectChoice(t.id, t.label) for t in themes]
        self.lead_group_id.choices = none + [SelectChoice(g.id, str(g.name)) for g in groups]
        owner_choices = [SelectChoice(s.id, s.name + (f" ({s.organization})" if s.organization else ""))
                         for s in owners]
        if current_owner is not None and current_owner.id not in {s.id for s in owners}:
            name = current_owner.name  # an owner who left keeps the items they did, named so
            owner_choices.append(SelectChoice(current_owner.id, _l("%(name)s (left the committee)", name=name)
                                              if current_owner.withdrawn_at else name))
        self.owner_signup_id.choices = none + owner_choices


class EditedActionItemForm(ActionItemForm):
    """An item's form as the organizer opened it: ``status_seen``, the status it showed, tells a status they
    left as it was from one they chose (a committee member may have changed it meanwhile)."""

    status_seen = HiddenField()
    # the item's latest history line when the form was opened: a save after someone else's change is refused
    changes_seen = HiddenField()


class NewActionItemForm(SubmissionForm, ActionItemForm):
    """An item the organizer adds: sent twice, it is added once (an edit of an item is the same when sent again)."""


class FollowUpForm(SubmissionForm):
    note = TextAreaField(_l("Follow-up note"), filters=[clean_text], validators=[DataRequired(), MaxLength(5000)])
    written_in = written_in_field()
    author = StringField(_l("Written by (optional)"), filters=[clean_text], validators=[Optional(), MaxLength(120)])
    status_change = SelectField(_l("Change the status to"), choices=[SelectChoice("", _l("Keep the status"))] + [
        SelectChoice(key, label) for key, label in ACTION_STATUSES.items()], validators=[Optional()])


class LinkExpiryForm(FlaskForm):
    expires_on = DateField(_l("Works until"), validators=[DataRequired(_l("Choose the last day the link works.")),
                                                           PLAN_DATES])
    # the date as the form showed it (committee.expiry_mark): one someone else set since is kept
    seen = HiddenField()


class RemindersForm(FlaskForm):
    reminders_on = BooleanField(_l("Send reminders and the weekly digest for this forum"))
    # the switch as the form showed it (action_plan.reminders_mark): turned by someone else since, it is kept
    seen = HiddenField()


class SteeringModelForm(FlaskForm):
    steering_model = RadioField(_l("How the steering committee is formed"),
                                choices=[SelectChoice(key, label) for key, label in STEERING_MODELS.items()],
                                validators=[DataRequired(_l("Choose one of the three ways."))])
    steering_model_note = TextAreaField(_l("Note (who convenes, how often it meets)"), filters=[clean_text],
                                        validators=[Optional(), MaxLength(5000)])
    # the model and note as the form showed them (action_plan.steering_mark): one someone else changed since is kept
    seen = HiddenField()
