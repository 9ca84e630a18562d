"""A text typed in both languages is a group of two boxes labelled "English" and "French" under the field's legend; a
screen reader listing the form's boxes (or a voice command) meets a box without its group, so each is named with the
field too ("Name (English)"), in the page's language, while the page still shows the language alone."""
from __future__ import annotations

import pytest

from tests.html import label_of, parse, text_of


@pytest.mark.parametrize("lang, languages", [("en", ("English", "French")), ("fr", ("anglais", "français"))])
def test_each_language_box_is_named_with_its_field(client, organizer, make_forum, lang, languages):
    forum_id = make_forum(organizer, languages="en,fr")
    page = parse(client.get(f"/forums/{forum_id}/settings?lang={lang}"))
    groups = page.select("fieldset.translated")
    assert len(groups) == 2  # the forum's name and its description
    for group in groups:
        legend = text_of(group.legend)
        boxes = group.select("input, textarea")
        assert [(label_of(page, box), box["lang"]) for box in boxes] == [
            (f"{legend} ({languages[0]})", "en"), (f"{legend} ({languages[1]})", "fr")]
        shown = [text_of(page.select_one(f'label[for="{box["id"]}"] [aria-hidden="true"]')) for box in boxes]
        assert shown == ({"en": ["English", "French"], "fr": ["Anglais", "Français"]}[lang])
