"""The form of a theme's name in English and French (the themes page and the themes board draw it
with ``analysis_pages/_theme_label_form.html``)."""
from __future__ import annotations

from flask_wtf import FlaskForm

from forum.lazy_text import lazy_gettext as _l
from forum.services.analysis_runs import LABEL_MAX
from forum.translated_field import TranslatedField


class ThemeLabelForm(FlaskForm):
    class Meta:
        csrf = False  # CSRFProtect checks every POST; with the form's prefix its own token field would be renamed

    label = TranslatedField(_l("Theme name"), max_length=LABEL_MAX, required=True, message=_l("Give the theme a name."))


def theme_label_form(theme, *, posted: bool = False) -> ThemeLabelForm:
    """The form for one theme, showing its name, or (``posted``) what the organizer sent: an empty
    post is an empty name, not the old one. The prefix keeps several themes' fields on a page apart."""
    prefix = f"theme{theme.id}"
    return ThemeLabelForm(prefix=prefix) if posted else ThemeLabelForm(prefix=prefix, formdata=None,
                                                                       data={"label": theme.label})
