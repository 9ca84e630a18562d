"""Fuzzing: hypothesis sends made-up JSON and forms to the capture API, the participants' pages,
the organizer's forms and the account pages, as an attacker would; any 500 fails. Examples are
bounded so that the whole file runs in seconds."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forum.extensions import db
from forum.models import Ballot, Forum
from tests.conftest import Auth
from tests.forum.test_access import forum_a, organizer_rules, url_for_forum_a, variants  # noqa: F401

FUZZ = settings(max_examples=150, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
FORUM_DIR = Path(__file__).resolve().parents[2] / "forum"
# Every form field name the app has, read from its forms.
FIELD_NAMES = sorted({name for path in FORUM_DIR.rglob("*.py")
                      for name in re.findall(r"^\s+([a-z_0-9]+) = [A-Za-z]*Field\(", path.read_text(), re.M)})
NASTY = ["", " ", "0", "-1", "1e400", "nan", "Infinity", str(2**31), str(2**63), "9" * 40, "0001-01-01",
         "9999-12-31", "2026-13-45", "<script>", "\u200b", "é" * 300, "x" * 70_000, "on", "yes", "[]", "{}"]

any_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=()), max_size=80)
with_surrogates = st.text(alphabet=st.characters(exclude_categories=()), max_size=40)
numbers = st.one_of(st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([2**31 - 1, 2**31, 2**62,
                                                                                                    2**63, 10**30]))
json_values = st.recursive(st.one_of(st.none(), st.booleans(), numbers, with_surrogates, st.sampled_from(NASTY)),
                           lambda children: st.lists(children, max_size=4)
                           | st.dictionaries(with_surrogates, children, max_size=4), max_leaves=12)
form_values = st.one_of(any_text, st.sampled_from(NASTY), st.integers().map(str))


def json_body(keys):
    """A JSON object with some of the expected keys (and perhaps others), any values; or anything at all."""
    objects = st.dictionaries(st.one_of(st.sampled_from(keys), with_surrogates), json_values, max_size=6)
    return st.one_of(objects.map(lambda o: json.dumps(o)), json_values.map(json.dumps),
                     st.integers(1, 3000).map(lambda n: "[" * n + "]" * n), st.binary(max_size=60))


form_data = st.dictionaries(st.sampled_from(FIELD_NAMES), st.one_of(form_values, st.lists(form_values, max_size=3)),
                            max_size=8)


def assert_no_500(response, what):
    assert response.status_code < 500, f"{what}: {response.status_code}\n{response.get_data(as_text=True)[:500]}"


@pytest.fixture
def world(app, forum_a, client):
    """forum_a (see test_access) with its evaluation and a ballot open, its owner logged in, a joined phone."""
    Auth(client).login("owner@example.org")
    with app.app_context():
        forum = db.session.get(Forum, forum_a["forum_id"])
        forum.evaluation_open = True
        ballot = db.session.get(Ballot, forum_a["ballot_id"])
        ballot.status = "open"
        db.session.commit()
        world = {**forum_a, "code": forum.join_code, "token": forum.tables[0].capture_token,
                 "round": forum.rounds[0].id, "item_keys": [f"item_{item.id}" for item in ballot.items]}
    phone = app.test_client()
    phone.get(f"/join?code={world['code']}")
    return {**world, "organizer": client, "phone": phone}


CAPTURE_KEYS = ["client_id", "text", "round_id", "group_id", "starred"]


@FUZZ
@given(data=st.data())
def test_capture_api(world, data):
    client, token = world["organizer"], world["token"]
    method, path = data.draw(st.sampled_from([
        ("POST", "/cards"), ("PATCH", "/cards/{id}"), ("DELETE", "/cards/{id}"), ("PUT", "/cards/{id}/star")]))
    card_id = quote(data.draw(st.one_of(any_text, st.integers().map(str), st.just("fuzz-card-0001"))), safe="")
    body = data.draw(json_body(CAPTURE_KEYS))
    response = client.open(f"/api/v1/capture/{token}" + path.format(id=card_id or "x"), method=method, data=body,
                           content_type="application/json")
    assert_no_500(response, f"{method} {path} {body!r:.300}")


@FUZZ
@given(data=st.data())
def test_participant_pages(world, data):
    code = world["code"]
    path = data.draw(st.sampled_from(["evaluation", f"sessions/{world['round']}", "steering-committee",
                                      "steering-committee/withdraw", "about-you", "contact",
                                      f"votes/{world['ballot_id']}"]))
    keys = ["client_id", "name", "organization", "email", "share", "group_id", "rating", "comment",
            "consents_to_owner_role", *world["item_keys"], *(f"q_{n}" for n in range(12))]
    if data.draw(st.booleans()):
        response = world["phone"].post(f"/p/{code}/{path}", data=data.draw(json_body(keys)),
                                       content_type="application/json")
    else:
        response = world["phone"].post(f"/p/{code}/{path}", data=data.draw(form_data))
    assert_no_500(response, path)


def organizer_posts():
    return [(rule, variant) for rule in organizer_rules() if "POST" in rule.methods
            and not any(word in rule.endpoint for word in ("delete", "analyse.run"))
            for variant in variants(rule)]


@FUZZ
@given(data=st.data())
def test_organizer_forms(world, data):
    rule, variant = data.draw(st.sampled_from(organizer_posts()), label="route")
    url = url_for_forum_a(rule, variant, world)
    response = world["organizer"].post(url, data=data.draw(form_data), query_string=data.draw(
        st.dictionaries(st.sampled_from(["round", "group", "table", "q", "after", "next", "kind"]), form_values,
                        max_size=2)))
    assert_no_500(response, f"POST {url}")


@FUZZ
@given(data=st.data())
def test_public_and_account_pages(world, app, data):
    path = data.draw(st.sampled_from(["/signup", "/login", "/join", "/password/reset", "/account/password",
                                      "/password/reset/" + quote(data.draw(any_text), safe=""),
                                      f"/review/{quote(data.draw(any_text), safe='')}/comment"]))
    client = app.test_client() if data.draw(st.booleans()) else world["organizer"]
    response = client.post(path, data=data.draw(form_data))
    assert_no_500(response, f"POST {path}")
    response = client.get(path, query_string=data.draw(st.dictionaries(st.sampled_from(["code", "next", "lang"]),
                                                                       form_values, max_size=2)))
    assert_no_500(response, f"GET {path}")
