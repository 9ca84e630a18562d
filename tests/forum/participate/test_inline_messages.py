"""The offline queue's messages, inlined as JSON in every participant page (#participate-text): French letters
are kept as UTF-8 ("é", 2 bytes) rather than escaped ("\\u00e9", 6 bytes), and what HTML or older JavaScript would
misread is still escaped."""
from __future__ import annotations

import json

from forum.templating import script_json
from tests.html import parse


def messages_block(page) -> str:
    return parse(page).select_one("script#participate-text").string


def test_the_french_messages_keep_their_letters_and_read_the_same(phone):
    device = phone()
    raw = messages_block(device.get("evaluation?lang=fr"))
    assert "\\u00e9" not in raw and "\\u00a0" not in raw
    assert "été envoyées" in raw and "\u00a0:" in raw  # the catalog's no-break space before a colon, as it is
    texts = json.loads(raw)
    assert texts["sending"] == "Envoi…"
    assert texts["waiting_sent"]["vote"].startswith("Vos points")
    escaped = json.dumps(texts, sort_keys=True)  # as tojson wrote it: every accented letter 6 bytes
    assert len(escaped.encode()) - len(raw.encode()) > 400


def test_what_html_or_javascript_would_misread_is_still_escaped():
    text = "</script><!-- & ' \u2028 \u2029 é"
    dumped = str(script_json({"a": text}))
    for unsafe in ("<", ">", "&", "'", "\u2028", "\u2029"):
        assert unsafe not in dumped
    assert "é" in dumped and json.loads(dumped) == {"a": text}
