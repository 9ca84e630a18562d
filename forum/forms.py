"""What every form the app can receive twice shares: ``SubmissionForm`` names each rendering of a
form with a client id, the idempotency key under which the services save it once."""
from __future__ import annotations

import re
from functools import lru_cache

from babel import support
from flask import current_app
from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.i18n import messages_path
from wtforms.validators import InputRequired, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from analysis.report.wording import LANGUAGE_NAMES
from forum.lazy_text import lazy_gettext as _l
from forum.models import CLIENT_ID_PATTERN, new_uuid

CLIENT_ID = re.compile(rf"{CLIENT_ID_PATTERN.pattern}\Z")  # WTForms' Regexp matches from the start; \Z, not "$", ends it
INCOMPLETE = _l("This form is incomplete. Reload the page and try again.")


@lru_cache(maxsize=16)  # one per language the app offers
def wtforms_messages(locale: str) -> support.NullTranslations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class SubmissionForm(FlaskForm):
    """A form a phone may send again after a network drop, a double tap or Back and send:
    ``client_id`` names the submission, so a resend is saved once."""

    class Meta:
        def get_translations(self, form):
            # WTForms' own messages in the page's language, read once per language instead of
            # once per request (Flask-WTF reads the catalogue file again for every request).
            if current_app.config.get("WTF_I18N_ENABLED", True):
                return wtforms_messages(str(get_locale()))
            return super().get_translations(form)

    client_id = HiddenField(default=new_uuid,
                            validators=[InputRequired(INCOMPLETE), Regexp(CLIENT_ID, message=INCOMPLETE)])


class MultiCheckboxField(SelectMultipleField):
    """Several choices, a checkbox each."""
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AddedOnce(FlaskForm):
    """An organizer's form that adds something (a table, a round, a vote): its client id names this
    rendering, so that the form sent twice (a double tap on a phone, Back and send) adds once.
    Optional, unlike a SubmissionForm's: a post without one is added each time."""

    client_id = HiddenField(default=new_uuid, validators=[Optional(), Regexp(CLIENT_ID, message=INCOMPLETE)])


def page_language() -> str:
    return str(get_locale())


def written_in_field() -> SelectField:
    """The language a note is written in (each named in itself), the page's by default: a form of a forum in two
    languages shows it (the page where it is read marks it where it differs: lang=); elsewhere the form leaves it
    out and the default, the page's language, stands. ``written_in(form, forum)`` reads it."""
    return SelectField(_l("Written in"), default=page_language,
                       choices=[SelectChoice(code, name, render_kw={"lang": code}) for code, name in LANGUAGE_NAMES.items()])


def written_in(form, forum) -> str:
    """The language the form's note was written in: the one chosen, for a forum in two languages; else the page's."""
    chosen = form.written_in.data
    return chosen if len(forum.language_list) > 1 and chosen in forum.language_list else page_language()
