"""The offline queue's messages (sending, offline, still waiting…) were inlined as JSON in every participant page
(#participate-text): 2.3 KB in English and 3.2 KB in French, paid again on every page. They now come with the
participant script, in every language, one file at a versioned address kept a year (tests/forum/test_static_caching.py
checks it as it checks the static files), so a page with the script always has its messages (offline too). French
letters are kept as UTF-8 ("é", 2 bytes) rather than escaped ("\\u00e9", 6 bytes), and what HTML or older
JavaScript would misread is still escaped."""
from __future__ import annotations

import gzip
import json
import re

from forum.templating import script_json
from tests.html import parse

MESSAGES = re.compile(r"window\.participateText = (\{.*?\});\n")


def script_of(page) -> str:
    """The address of the participant script a page loads."""
    found = [tag["src"] for tag in parse(page).select("script[src]") if tag["src"].startswith("/participate.")]
    assert len(found) == 1, found
    return found[0]


def messages_in(client, url: str) -> str:
    answer = client.get(url, headers={"Accept-Encoding": "identity"})
    assert answer.status_code == 200 and answer.mimetype == "text/javascript"
    return MESSAGES.match(answer.get_data(as_text=True)).group(1)


def test_every_page_loads_the_one_script_with_its_messages_and_inlines_none(phone):
    device = phone()
    urls = set()
    for path in ("evaluation?lang=fr", "?lang=fr", "evaluation?lang=en", "about-you?lang=en"):
        page = device.get(path)
        assert not parse(page).select("script#participate-text")
        urls.add(script_of(page))
    assert len(urls) == 1  # the same file in both languages: a language switch fetches nothing again
    url = urls.pop()
    assert re.fullmatch(r"/participate\.js\?v=[0-9a-f]{16}", url)
    texts = json.loads(messages_in(device.client, url))
    assert sorted(texts) == ["en", "fr"] and texts["en"]["sending"] == "Sending…"
    assert sorted(texts["en"]) == sorted(texts["fr"])
    script = device.client.get(url, headers={"Accept-Encoding": "identity"}).get_data(as_text=True)
    assert "function flush()" in script  # the script itself follows its messages


def test_the_french_messages_keep_their_letters_and_read_the_same(phone):
    device = phone()
    raw = messages_in(device.client, script_of(device.get("evaluation?lang=fr")))
    assert "\\u00e9" not in raw and "\\u00a0" not in raw
    assert "été envoyées" in raw and "\u00a0:" in raw  # the catalog's no-break space before a colon, as it is
    texts = json.loads(raw)["fr"]
    assert texts["sending"] == "Envoi…"
    assert texts["waiting_sent"]["vote"].startswith("Vos points")
    assert texts["add_dot"] == "Ajouter un point\u00a0:"


def test_another_version_is_answered_as_it_is_now_and_checked_again(client, phone):
    url = script_of(phone().get("?lang=fr"))
    now = client.get(url, headers={"Accept-Encoding": "identity"}).get_data()
    for other in ("/participate.js", "/participate.js?v=0123456789abcdef"):
        answer = client.get(other, headers={"Accept-Encoding": "gzip"})
        assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-cache", other
        assert gzip.decompress(answer.get_data()) == now, other


def test_what_html_or_javascript_would_misread_is_still_escaped():
    text = "</script><!-- & ' \u2028 \u2029 é"
    dumped = str(script_json({"a": text}))
    for unsafe in ("<", ">", "&", "'", "\u2028", "\u2029"):
        assert unsafe not in dumped
    assert "é" in dumped and json.loads(dumped) == {"a": text}
