"""The one way a text over its limit is refused, by a form, a JSON path or a service: the message
says how long the text is and the limit ("This text is 260 characters long; the limit is 200."), and
for one box of a text typed in English and French, which one. Lengths are counted as the page's
character count (app.js) counts them: code points of the text as ``clean_text`` leaves it, an emoji
one, a line break one. The message is built only when a text is refused."""
from __future__ import annotations

from flask_babel import format_decimal
from flask_babel import gettext as _
from wtforms.validators import ValidationError


def too_long(length: int | str, limit: int, language: str | None = None) -> str:
    """The refusal of a text of ``length`` characters over ``limit``; ``language``: the box of a
    two-language text it was typed in ("en", "fr"). Numbers are written as the page's language does;
    a ``length`` given as text is a placeholder a page's script fills in."""
    numbers = {"length": length if isinstance(length, str) else format_decimal(length),
               "max": format_decimal(limit)}
    if language == "en":
        return _("The English text is %(length)s characters long; the limit is %(max)s.", **numbers)
    if language == "fr":
        return _("The French text is %(length)s characters long; the limit is %(max)s.", **numbers)
    return _("This text is %(length)s characters long; the limit is %(max)s.", **numbers)


class MaxLength:
    """WTForms validator: at most ``limit`` characters in the field's data (after its filters), else
    ``too_long``'s message. Like WTForms' ``Length``, it gives the field its ``maxlength`` attribute
    (app.js makes it the character count's limit)."""

    def __init__(self, limit: int, language: str | None = None):
        self.limit, self.language = limit, language
        self.field_flags = {"maxlength": limit}

    def __call__(self, form, field) -> None:
        data = field.data
        if data and len(data) > self.limit:
            raise ValidationError(too_long(len(data), self.limit, self.language))
