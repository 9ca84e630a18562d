"""Codebook labels that look the same are one label: the check that no two codes share a label (typed, or in an
imported file) folds Unicode's compatibility forms and composed/decomposed accents, a phone's curly apostrophe, and
the invisible characters a paste brings along (a zero-width space, a word joiner), as it folds case and spaces. Two
codes of one visible name would share the cards between them at random and show the name twice on the board."""
from __future__ import annotations

import uuid

import pytest

from tests.forum.test_codebook import codes, upload
from tests.html import parse, text_of

LOOKALIKES = [
    ("Employers' role", "Employers\u2019 role"),  # a phone's smart apostrophe
    ("Caf\u00e9 networking", "Cafe\u0301 networking"),  # é composed, then e and a combining accent
    ("Networking", "Net\u200bworking"),  # a zero-width space from a paste
    ("Networking", "Network\u2060ing"),  # a word joiner
    ("Networking", "\uff2eetworking"),  # a full-width N
    ("Networking", "Networking\ufe0f"),  # a variation selector
]


@pytest.mark.parametrize("first, second", LOOKALIKES)
def test_a_typed_label_that_only_looks_different_is_refused(client, forum_id, app, first, second):
    assert client.post(f"/forums/{forum_id}/codebook", data={
        "new-label-en": first, "new-key": "first", "new-client_id": str(uuid.uuid4())}).status_code == 302
    response = client.post(f"/forums/{forum_id}/codebook?lang=en", data={
        "new-label-en": second, "new-client_id": str(uuid.uuid4())})
    assert response.status_code == 409
    section = parse(response).select_one('section[aria-labelledby="add-code-h"]')
    assert text_of(section.select_one(".error")).startswith("The codebook already has a code")
    assert [code[0] for code in codes(app, forum_id)] == ["first"]


@pytest.mark.parametrize("first, second", LOOKALIKES)
def test_an_import_giving_two_lookalike_labels_is_refused_whole(client, forum_id, app, first, second):
    content = f'key,label\none,"{first}"\ntwo,"{second}"\n'
    response = upload(client, forum_id, content, "codes.csv")
    assert response.status_code == 422
    assert text_of(parse(response).select_one(".error")).startswith("Codes one and two would have the same label")
    assert codes(app, forum_id) == []
    # labels that differ in a letter (an accent, a plural) are still two codes
    assert upload(client, forum_id, "key,label\none,Networking\ntwo,Networks\nthree,Réseautage\nfour,Reseautage\n",
                  "codes.csv").status_code == 302
    assert [code[0] for code in codes(app, forum_id)] == ["one", "two", "three", "four"]
