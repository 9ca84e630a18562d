"""A login starts with a form token of its own. The token of the pages seen before logging in (the login page's)
used to go on being taken after it: whoever planted a session cookie in a browser (from a neighbouring site of the
same domain) knew the token its forms would need once its owner logged in."""
from __future__ import annotations

from tests.conftest import PASSWORD, add_organizer, csrf_token_from

NEW_FORUM = {"name-en": "Planted", "languages": "en", "report_out_limit": 7}


def test_the_form_token_from_before_the_login_is_not_taken_after_it(csrf_app):
    add_organizer(csrf_app)
    client = csrf_app.test_client()
    before = csrf_token_from(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data={"email": "organizer@example.org", "password": PASSWORD,
                                       "csrf_token": before}).status_code == 302
    refused = client.post("/forums/new", data={**NEW_FORUM, "csrf_token": before})
    assert refused.status_code == 400 and "This form has expired or was sent twice" in refused.get_data(as_text=True)
    after = csrf_token_from(client.get("/forums/new").get_data(as_text=True))
    assert after != before
    assert client.post("/forums/new", data={**NEW_FORUM, "csrf_token": after}).status_code == 302


def test_signing_up_starts_with_a_new_form_token_too(csrf_app):
    client = csrf_app.test_client()
    before = csrf_token_from(client.get("/signup").get_data(as_text=True))
    assert client.post("/signup", data={"email": "new@example.org", "name": "New", "password": PASSWORD,
                                        "confirm": PASSWORD, "csrf_token": before}).status_code == 302
    assert client.post("/forums/new", data={**NEW_FORUM, "csrf_token": before}).status_code == 400
