"""The form of a theme's name in English and French (the themes page and the themes board draw it
with ``analysis_pages/_theme_label_form.html``)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from forum.services.analysis_runs import LABEL_MAX
from forum.translated_field import TranslatedField


class ThemeLabelForm(FlaskForm):
    label = TranslatedField(_l("Theme name"), max_length=LABEL_MAX, required=True)


def theme_label_form(theme, **kwargs) -> ThemeLabelForm:
    """The form for one theme; its prefix keeps the fields of several themes on one page apart."""
    return ThemeLabelForm(prefix=f"theme{theme.id}", data={"label": theme.label}, **kwargs)
