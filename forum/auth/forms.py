from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo

from forum.auth.passwords import MAX_LENGTH, AcceptablePassword
from forum.input_filters import clean_text
from forum.lazy_text import lazy_gettext as _l
from forum.text_lengths import MaxLength


def your_name_field() -> StringField:
    """The "Your name" field of the forms that make an account or take one over."""
    return StringField(_l("Your name"), filters=[clean_text], validators=[DataRequired(), MaxLength(120)])


class LoginForm(FlaskForm):
    # No Email() check: logging in only needs to find the account, and `flask create-organizer`
    # accepts addresses that the check refuses (reserved domains such as .local).
    email = EmailField(_l("Email"), filters=[clean_text], validators=[DataRequired(), MaxLength(254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), MaxLength(MAX_LENGTH)])
    remember = BooleanField(_l("Keep me signed in"))


class SignupForm(FlaskForm):
    name = your_name_field()
    email = EmailField(_l("Email"), filters=[clean_text], validators=[DataRequired(), Email(), MaxLength(254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), AcceptablePassword()])
    confirm = PasswordField(
        _l("Repeat the password"), validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))]
    )


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), AcceptablePassword()])
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))])


class PasswordChangeForm(NewPasswordForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), MaxLength(MAX_LENGTH)])


class ResetRequestForm(FlaskForm):
    email = EmailField(_l("Email"), filters=[clean_text], validators=[DataRequired(), MaxLength(254)])


class InvitationSignupForm(FlaskForm):
    """An account for the invited address (the invitation names it)."""
    name = your_name_field()
    password = PasswordField(_l("Password"), validators=[DataRequired(), AcceptablePassword()])
    confirm = PasswordField(
        _l("Repeat the password"), validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))]
    )


class TakeoverForm(NewPasswordForm):
    """Taking over an account made with one's address (``auth.takeover_views``): one's own name and password."""
    name = your_name_field()
