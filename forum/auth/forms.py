from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from forum.input_filters import clean_text

PASSWORD_MIN_LENGTH = 8  # also checked by `flask create-organizer`


class LoginForm(FlaskForm):
    # No Email() check: logging in only needs to find the account, and `flask create-organizer`
    # accepts addresses that the check refuses (reserved domains such as .local).
    email = EmailField(_l("Email"), filters=[clean_text], validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Keep me signed in"))


class SignupForm(FlaskForm):
    name = StringField(_l("Your name"), filters=[clean_text], validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("Email"), filters=[clean_text], validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=PASSWORD_MIN_LENGTH, max=200)])
    confirm = PasswordField(
        _l("Repeat the password"), validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))]
    )
