"""One form field for a text the organizer types in English and French (a ``Translated`` value).

Every form uses it the same way, and ``templates/_forms.html``'s ``translated_field`` macro draws
it: a group of two boxes, each labelled with its language, and a note on the language the forum is
held in that has no text yet (readers of that language see the other one).
"""
from __future__ import annotations

from flask_babel import force_locale
from wtforms import Form, StringField, TextAreaField
from wtforms.fields import FormField
from wtforms.validators import Optional

from forum.input_filters import clean_text
from forum.lazy_text import LazyText
from forum.lazy_text import lazy_gettext as _l
from forum.models import Translated
from forum.models.translated import LANGUAGES
from forum.text_lengths import MaxLength

LANGUAGE_LABELS = {"en": _l("English"), "fr": _l("French")}


def _pair_form(box, max_length: int | None, counted: int | None) -> type[Form]:
    shown = {"data-maxlength": counted} if counted else None  # app.js's character count, with no maxlength
    # max_length None: the service checks the length, with its own message naming the language too
    fields = {code: box(LANGUAGE_LABELS[code], filters=[clean_text], render_kw=shown,
                        validators=[Optional(), *([MaxLength(max_length, language=code)] if max_length else [])])
              for code in LANGUAGES}
    return type("TranslatedPair", (Form,), fields)


def in_every_language(message: LazyText) -> Translated:
    """One of the app's own messages (``lazy_gettext``, e.g. a suggested title) as a text the organizer
    may edit, in each language."""
    def translated(code: str) -> str:
        with force_locale(code):
            return str(message)
    return Translated(**{code: translated(code) for code in LANGUAGES})


REQUIRED = _l("Write it in English, in French or in both.")


class TranslatedField(FormField):
    """``data`` is a ``Translated``; ``required``: at least one language must have text (else the
    ``message``); ``counted``: with ``max_length=None``, the limit the service checks, for the page's
    character count."""

    def __init__(self, label=None, *, max_length: int | None, multiline: bool = False, required: bool = False,
                 message=REQUIRED, counted: int | None = None, **kwargs):
        kwargs.setdefault("default", Translated)
        super().__init__(_pair_form(TextAreaField if multiline else StringField, max_length, counted), label,
                         **kwargs)
        self.required, self.message = required, message

    @property
    def data(self) -> Translated:
        return Translated(**{code: self.form[code].data or None for code in LANGUAGES})

    @property
    def errors(self) -> list:
        return [message for code in LANGUAGES for message in self.form[code].errors] + list(self.form.form_errors)

    def validate(self, form, extra_validators=()):
        valid = super().validate(form, extra_validators)
        if valid and self.required and not self.data:
            self.form.form_errors.append(self.message)
            return False
        return valid

    def populate_obj(self, obj, name):
        setattr(obj, name, self.data)
