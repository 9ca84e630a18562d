"""Forms of the members pages: invite, change a role, hand the forum over, organizations."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Email, InputRequired

from forum.forms import AddedOnce
from forum.input_filters import clean_text
from forum.lazy_text import lazy_gettext as _l
from forum.roles import MEMBER_ROLES
from forum.text_lengths import MaxLength


def _role_choices():
    return [(key, label) for key, label in MEMBER_ROLES.items()]


class EmailInviteForm(AddedOnce):
    """An invitation to an address, for the one role the page gives (a series' viewers)."""
    email = EmailField(_l("Email"), filters=[clean_text], validators=[DataRequired(), Email(), MaxLength(254)])


class InviteForm(EmailInviteForm):
    # no role chosen in advance: a wrong guess would give someone more (or less) than meant, unnoticed
    role = RadioField(_l("Role"), choices=_role_choices,
                      invalid_choice_message=_l("Choose a role: organizer, analyst or viewer."))


class RoleForm(FlaskForm):
    """A member's new role, chosen among the invitation's described roles (radio buttons in the member's row)."""
    role = RadioField(_l("Role"), choices=_role_choices,
                      invalid_choice_message=_l("Choose a role: organizer, analyst or viewer."))


class TransferForm(FlaskForm):
    membership_id = SelectField(_l("New owner"), coerce=int, validators=[InputRequired()])
    understood = BooleanField(_l("I understand that I will stay an organizer of this forum, but no longer its owner."),
                              validators=[DataRequired(_l("Tick the box to hand the forum over."))])


class ForumOrganizationForm(FlaskForm):
    organization_id = SelectField(_l("Organization"), coerce=int)


class OrganizationForm(FlaskForm):
    name = StringField(_l("Name"), filters=[clean_text], validators=[DataRequired(), MaxLength(200)])


class EditedOrganizationForm(OrganizationForm):
    # the name as the form showed it (members.organization_mark): a name someone else gave since is kept
    seen = HiddenField()


class NewOrganizationForm(AddedOnce, OrganizationForm):
    pass


class OrganizationDeleteForm(FlaskForm):
    understood = BooleanField(_l("I understand: the forums stay with their owners, and the organization's members "
                                 "lose the roles it gave them."),
                              validators=[DataRequired(_l("Tick the box to delete the organization."))])
