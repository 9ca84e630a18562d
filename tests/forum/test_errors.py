"""Errors a person can cause get a clear page (or JSON under /api/) and a 4xx, never a 500."""
from __future__ import annotations

import pytest

from forum.errors import abort_with
from tests.html import parse, text_of


@pytest.fixture
def app(own_app):
    """This file's tests add routes: an app of their own."""
    return own_app


@pytest.fixture
def app_with_probe(app):
    @app.route("/probe/<int:code>")
    def probe(code):
        abort_with(code, f"A clear message for {code} <b>escaped</b>")

    @app.route("/api/probe/<int:code>")
    def api_probe(code):
        abort_with(code, "Explained in JSON")

    @app.route("/crash")
    def crash():
        raise RuntimeError("a bug")

    @app.route("/api/crash")
    def api_crash():
        raise RuntimeError("a bug")

    return app


def test_404_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    doc = parse(page)
    assert "This page does not exist" in page and "Error 404" in page
    # The title says what it is (a tab list, the history); the static message is no alert (read twice with the page)
    assert text_of(doc.select_one("title")) == "Page not found — Forum Workbench"
    assert not doc.select('[role="alert"]')
    heading = doc.select_one(".error-page h1")
    assert heading.has_attr("autofocus") and heading["tabindex"] == "-1"


@pytest.mark.parametrize(("lang", "title"), [("en", "Access refused"), ("fr", "Accès refusé")])
def test_an_error_page_has_a_short_heading_and_its_message_as_body_text(app_with_probe, client, lang, title):
    """A long message was the page's one heading, in large bold type: about 9 lines on a phone. The heading says what
    went wrong in a few words; the message follows as text, which the focused heading is described by."""
    doc = parse(client.get(f"/probe/403?lang={lang}"))
    [heading] = doc.select("h1")
    assert text_of(heading) == title
    message = doc.select_one(f"#{heading['aria-describedby']}")
    assert message.name == "p" and text_of(message) == "A clear message for 403 <b>escaped</b>"


def test_error_page_titles_say_what_went_wrong_in_english_and_french(app_with_probe, client):
    for url, code, english, french in (("/no/such/page", 404, "Page not found", "Page introuvable"),
                                       ("/review-mail/not-a-link", 404, "Page not found", "Page introuvable"),
                                       ("/probe/403", 403, "Access refused", "Accès refusé"),
                                       ("/probe/410", 410, "Link expired", "Lien expiré"),
                                       ("/crash", 500, "Something went wrong", "Une erreur s'est produite")):
        for lang, title in (("en", english), ("fr", french)):
            response = client.get(f"{url}?lang={lang}")
            assert response.status_code == code
            assert text_of(parse(response).select_one("title")) == f"{title} — Forum Workbench"


def way_on(response) -> tuple[str, str]:
    """The error page's link onwards (after "Go back"): its address and words."""
    [link] = parse(response).select(".error-links a:not([data-action])")
    return link["href"], text_of(link)


@pytest.mark.parametrize(("path", "expected"), [
    ("/p/ZZZ999/", ("/join", "Type the forum code")),
    ("/p/ZZZ999/evaluation?lang=fr", ("/join", "Taper le code du forum")),
    ("/t/no-such-link", ("/table", "Type your table's code")),
    ("/no/such/page", ("/", "Home")),
])
def test_an_error_page_leads_participants_and_facilitators_to_their_code_not_the_organizers_home(
        client, path, expected):
    response = client.get(path)
    assert response.status_code == 404
    assert way_on(response) == expected
    assert parse(response).select_one("a.brand")["href"] == expected[0]  # the header's name leads there too


def test_405(client):
    response = client.get("/logout")
    assert response.status_code == 405 and "This action is not allowed here." in response.get_data(as_text=True)


def test_a_message_given_with_abort_with_is_shown_escaped(app_with_probe):
    response = app_with_probe.test_client().get("/probe/409")
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "A clear message for 409 &lt;b&gt;escaped&lt;/b&gt;" in page


def test_api_paths_get_json_errors(app_with_probe):
    client = app_with_probe.test_client()
    response = client.get("/api/nothing-here")
    assert response.status_code == 404 and response.is_json
    assert response.get_json() == {"error": "This page does not exist, or is no longer available.", "status": 404}
    response = client.get("/api/probe/422")
    assert response.status_code == 422 and response.get_json() == {"error": "Explained in JSON", "status": 422}
    assert client.get("/forums", headers={"Accept": "application/json"}).status_code == 302  # login first


def test_an_unexpected_error_is_a_calm_500(app_with_probe):
    app_with_probe.testing = False  # let the handler catch it, as in production
    client = app_with_probe.test_client()
    response = client.get("/crash")
    assert response.status_code == 500 and "Nothing you sent was half-saved" in response.get_data(as_text=True)
    response = client.get("/api/crash")
    assert response.status_code == 500 and response.is_json and "a bug" not in response.get_data(as_text=True)


def test_an_unexpected_errors_log_names_the_request_to_find_its_request_line(app_with_probe, caplog):
    app_with_probe.testing = False
    app_with_probe.test_client().get("/crash?code=SECRET", headers={"X-Request-ID": "req-42"})
    [record] = [record for record in caplog.records if record.levelname == "ERROR"]
    assert record.getMessage() == "Unhandled error in GET /crash (request req-42)" and record.exc_info
    assert "SECRET" not in caplog.text


def test_413_page(client, app):
    response = client.post("/login", data={"email": "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)})
    assert response.status_code == 413
    assert "What you sent is too large: the limit is 5 MB." in response.get_data(as_text=True)
    response = client.post("/api/anything", data="x" * (app.config["MAX_CONTENT_LENGTH"] + 10),
                           content_type="text/plain")
    assert response.status_code in (404, 405, 413) and response.is_json


BAD_VALUES = ["", "x" * 20_000, "\x00", "<script>alert(1)</script>", "' OR 1=1 --", "99999999999999999999",
              "-1", "²", "🙂" * 50, "\ud800".encode("utf-8", "surrogatepass")]


def forms_of(forum_id, card_id, round_id, question_id):
    return [
        ("/signup", ["name", "email", "password", "confirm"]),
        ("/login", ["email", "password", "remember"]),
        ("/forums/new", ["name", "date", "venue", "time_zone", "description", "languages", "table_count",
                         "report_out_limit"]),
        (f"/forums/{forum_id}/settings", ["name", "date", "time_zone", "languages", "report_out_limit"]),
        (f"/forums/{forum_id}/rounds", ["new-title-en", "new-question-en"]),
        (f"/forums/{forum_id}/tables", ["new-number", "new-facilitator_name"]),
        (f"/forums/{forum_id}/groups", ["new-name-en", "new-name-fr"]),
        (f"/forums/{forum_id}/rounds/{round_id}", [f"item{round_id}-title-en"]),
        (f"/forums/{forum_id}/rounds/{round_id}/move", ["direction"]),
        (f"/forums/{forum_id}/ideas/{card_id}/edit", ["text", "round_id", "table_id", "group_id", "phase"]),
        (f"/forums/{forum_id}/import", ["kind", "file"]),
        (f"/forums/{forum_id}/import/confirm", ["kind", "content"]),
        (f"/forums/{forum_id}/evaluation", ["new-prompt-en", "new-prompt-fr", "new-kind", "new-choices-0-en",
                                            "new-choices-1-fr", "new-choices-99999999999999999999-en"]),
        (f"/forums/{forum_id}/evaluation/questions/{question_id}", [f"q{question_id}-prompt-fr",
                                                                    f"q{question_id}-choices-0-en"]),
    ]


def test_no_bad_input_gives_a_500(client, forum_id, app):
    from forum.extensions import db
    from forum.models import Forum, IdeaCard

    with app.app_context():
        card = IdeaCard(forum_id=forum_id, text="A card")
        db.session.add(card)
        db.session.commit()
        forum = db.session.get(Forum, forum_id)
        card_id, round_id, question_id = card.id, forum.rounds[1].id, forum.questions[0].id
    for url, fields in forms_of(forum_id, card_id, round_id, question_id):
        for value in BAD_VALUES:
            for field in fields:
                response = client.post(url, data={field: value})
                assert response.status_code < 500, (url, field, value)
            response = client.post(url, data={field: value for field in fields})
            assert response.status_code < 500, (url, value)
    for value in BAD_VALUES:
        for query in ("q", "round", "table", "group", "page", "deleted", "next", "back", "lang"):
            response = client.get(f"/forums/{forum_id}/ideas", query_string={query: value})
            assert response.status_code < 500, (query, value)
    assert client.get("/forums/1/%ff%fe").status_code == 404
    assert client.get("/forums/1/ideas?q=%ff%fe").status_code == 400  # a query string that is not UTF-8 is refused


def test_translated_text_works_outside_a_request(app_ctx):
    """CLI commands and background jobs may use gettext; the locale selector must not need a request."""
    from flask_babel import gettext

    assert gettext("Hello") == "Hello"


def test_a_service_error_is_a_4xx_page_or_json_with_its_reason_and_nothing_half_written(app):
    from sqlalchemy import select

    from forum.database import writing
    from forum.extensions import db
    from forum.models import User
    from forum.services.errors import ServiceError

    def refuse():
        with writing():
            db.session.add(User(email="half@example.org", name="Half", password_hash="x"))
            db.session.flush()
            raise ServiceError(409, "The vote is closed <now>.", "vote_closed")

    app.add_url_rule("/service-probe", "service_probe", refuse)
    app.add_url_rule("/api/service-probe", "api_service_probe", refuse)
    client = app.test_client()
    page = client.get("/service-probe")
    assert page.status_code == 409 and "The vote is closed &lt;now&gt;." in page.get_data(as_text=True)
    answer = client.get("/api/service-probe")
    assert answer.status_code == 409
    assert answer.get_json() == {"error": "The vote is closed <now>.", "status": 409, "reason": "vote_closed"}
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "half@example.org")) is None
