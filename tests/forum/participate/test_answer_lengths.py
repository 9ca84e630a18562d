"""A participant's text over its limit is refused as every text is (``forum.text_lengths``): how long it
is and the limit, in the phone's language, by the phones' JSON and by the form post alike, counted as
the page's character count counts (an emoji is one character); nothing is saved. At the limit, it is."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import SteeringSignup
from tests.forum.test_length_refusals import EMOJI, exact_text, refusal
from tests.html import parse

from .conftest import client_id_in
from .test_evaluation import responses

LANGUAGES = pytest.mark.parametrize("lang", ["en", "fr"])


@LANGUAGES
def test_an_answer_over_the_limit_is_refused_by_json(app, phone, forum_setup, lang):
    device, headers = phone(), {"Accept-Language": lang}
    refused = device.post("evaluation", json={"client_id": "abcdefgh12", "q_rating": 4,
                                              "q_takeaway": "é" * 2000 + EMOJI + " "}, headers=headers)
    assert refused.status_code == 422
    assert refused.json["errors"] == {"q_takeaway": [refusal(lang, 2001, 2000)]}
    assert responses(app, forum_setup["id"]) == []
    kept = device.post("evaluation", json={"client_id": "abcdefgh12", "q_takeaway": "é" * 1999 + EMOJI},
                       headers=headers)
    assert kept.status_code == 200
    assert [r["answers"]["takeaway"] for r in responses(app, forum_setup["id"])] == [(None, "é" * 1999 + EMOJI)]


@LANGUAGES
def test_an_answer_over_the_limit_is_refused_by_the_form(app, phone, forum_setup, lang):
    device, headers = phone(), {"Accept-Language": lang}
    client_id = client_id_in(device.get("evaluation", headers=headers).text)
    page = device.post("evaluation", data={"client_id": client_id, "q_rating": "4",
                                           "q_takeaway": "é" * 1999 + "\r\n" + EMOJI}, headers=headers)
    assert page.status_code == 422  # a line break is one character, as the page counts it
    assert exact_text(parse(page).select_one("#q_takeaway-error")) == refusal(lang, 2001, 2000)
    assert responses(app, forum_setup["id"]) == []
    kept = device.post("evaluation", data={"client_id": client_id, "q_takeaway": "é" * 1998 + "\r\n" + EMOJI},
                       headers=headers)
    assert kept.status_code == 302
    assert [r["answers"]["takeaway"] for r in responses(app, forum_setup["id"])] == \
        [(None, "é" * 1998 + "\n" + EMOJI)]


@LANGUAGES
def test_a_name_over_the_limit_is_refused_by_the_sign_ups_json(app, phone, lang):
    device, headers = phone(), {"Accept-Language": lang}
    signup = {"client_id": "abcdefgh12", "email": "ana@example.org"}
    refused = device.post("steering-committee", json={**signup, "name": "A" * 120 + EMOJI}, headers=headers)
    assert refused.status_code == 422 and refused.json["errors"] == {"name": [refusal(lang, 121, 120)]}
    with app.app_context():
        assert db.session.scalars(select(SteeringSignup.name)).all() == []
    assert device.post("steering-committee", json={**signup, "name": "A" * 119 + EMOJI},
                       headers=headers).status_code == 200
    with app.app_context():
        assert db.session.scalars(select(SteeringSignup.name)).all() == ["A" * 119 + EMOJI]
