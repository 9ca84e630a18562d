"""Abuse: rate limits on join and submit, payload limits, CSRF, and HTML/script typed by
participants shown escaped everywhere (results, attendee lists, ballots, CSV files)."""
import pytest

from forum.extensions import db
from forum.models import Forum, User, utcnow
from forum.services.forums import create_forum
from tests.conftest import build_app, csrf_token_from

from .conftest import Phone, client_id_in

SCRIPT = "<script>alert('x')</script>"


def make_forum_in(app) -> str:
    with app.app_context():
        owner = User(email="owner@example.org", name="Owner")
        owner.set_password("correct horse battery")
        forum = create_forum(owner, name="Limited")
        forum.evaluation_open = True
        db.session.commit()
        return forum.join_code


@pytest.fixture
def limited_app(database_url):
    yield from build_app(database_url, RATELIMIT_ENABLED=True, PARTICIPANT_JOIN_LIMIT="3 per minute",
                         PARTICIPANT_SUBMIT_LIMIT="4 per minute")


def test_failed_join_attempts_are_rate_limited(limited_app):
    code = make_forum_in(limited_app)
    client = limited_app.test_client()
    client.get("/join")
    for attempt in range(3):
        assert client.post("/join", data={"code": f"WRONG{attempt}"}).status_code == 404
    limited = client.post("/join", data={"code": "WRONG9"})
    assert limited.status_code == 429 and "Too many wrong codes" in limited.text
    # Another phone (another device, same address) still gets in: the room shares one Wi-Fi address.
    other = Phone(limited_app, code)
    assert other.join().status_code == 302


def test_successful_joins_do_not_count_against_the_limit(limited_app):
    code = make_forum_in(limited_app)
    phone = Phone(limited_app, code)
    for _ in range(6):
        assert phone.join().status_code == 302


def test_submissions_are_rate_limited_per_phone(limited_app):
    code = make_forum_in(limited_app)
    phone = Phone(limited_app, code)
    phone.join()
    statuses = [phone.send("evaluation", q_rating=4).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert phone.send("evaluation", q_rating=4).json["status"] == 429
    neighbour = Phone(limited_app, code)
    neighbour.join()
    assert neighbour.send("evaluation", q_rating=4).status_code == 200


def test_oversized_payload_and_overlong_answers_are_refused(app, phone, forum_setup):
    device = phone()
    huge = device.send("evaluation", q_takeaway="x" * 70_000)
    assert huge.status_code == 413 and huge.json["error"] == "What you sent is too large: the limit is 64 KB."
    long = device.send("evaluation", q_takeaway="é" * 2001)
    assert long.status_code == 422
    assert long.json["errors"]["q_takeaway"] == ["This text is 2,001 characters long; the limit is 2,000."]
    assert device.send("evaluation", q_takeaway="é" * 2000).status_code == 200


def test_malformed_json_is_a_clear_400(phone):
    device = phone()
    not_object = device.post("evaluation", json=["a", "b"])
    assert not_object.status_code == 400 and "JSON object" in not_object.json["error"]
    nested = device.post("evaluation", json={"client_id": "abcdefgh12", "q_rating": {"$gt": 1}})
    assert nested.status_code == 400
    broken = device.post("evaluation", data="{not json", content_type="application/json")
    assert broken.status_code == 400


def test_forms_need_the_csrf_token_but_the_json_queue_uses_the_device(csrf_app):
    code = make_forum_in(csrf_app)
    phone = Phone(csrf_app, code)
    phone.join()
    page = phone.get("evaluation")
    no_token = phone.post("evaluation", data={"client_id": client_id_in(page.text), "q_rating": "4"})
    assert no_token.status_code == 400 and "expired" in no_token.text
    with_token = phone.post("evaluation", data={"client_id": client_id_in(page.text), "q_rating": "4",
                                                "csrf_token": csrf_token_from(page.text)})
    assert with_token.status_code == 302
    # A cross-site page can only send a "simple" body (form or text/plain): that is a form post, so it
    # needs the token; application/json needs a CORS preflight that is never granted.
    text_plain = phone.post("evaluation", data='{"q_rating": 1}', content_type="text/plain")
    assert text_plain.status_code == 400
    assert phone.send("evaluation", q_rating=5).status_code == 200


def test_script_in_answers_is_escaped_on_every_page(app, client, phone, forum_setup):
    with app.app_context():
        round_id = db.session.get(Forum, forum_setup["id"]).rounds[0].id
    client.post(f"/forums/{forum_setup['id']}/rounds/{round_id}/rating/open")
    device = phone()
    device.send("evaluation", q_takeaway=SCRIPT)
    device.send(f"sessions/{round_id}", **{f"q_session_{round_id}_comment": SCRIPT})
    device.send("contact", share=True, name=SCRIPT, organization="=HYPERLINK(\"http://evil\")",
                email="kim@example.org")
    device.send("steering-committee", name=SCRIPT, email="kim@example.org", organization="@SUM(A1)")
    client.post(f"/forums/{forum_setup['id']}/votes", data={"title-en": SCRIPT, "dots": "3", "max_per_item": "2",
                                                          "extra_items": f"{SCRIPT}\nPlain item"})
    escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
    pages = [client.get(f"/forums/{forum_setup['id']}/evaluation/results"),
             client.get(f"/forums/{forum_setup['id']}/participants"),
             client.get(f"/forums/{forum_setup['id']}/votes"),
             client.get(f"/forums/{forum_setup['id']}/votes/1"),
             device.get("attendees")]
    for page in pages:
        assert page.status_code == 200
        assert SCRIPT not in page.text
        assert escaped in page.text
    assert pages[0].text.count(escaped) == 2  # the evaluation answer and the session comment
    client.post(f"/forums/{forum_setup['id']}/votes/1/open")
    vote_page = device.get("votes/1")
    assert SCRIPT not in vote_page.text and escaped in vote_page.text


def test_csv_files_are_attachments_with_formulas_neutralised(client, phone, forum_setup):
    device = phone()
    device.send("contact", share=True, name=SCRIPT, organization='=HYPERLINK("http://evil")',
                email="kim@example.org")
    device.send("steering-committee", name="-2+3", email="kim@example.org", organization="@SUM(A1)")
    for path in ("attendees.csv", "steering-committee.csv"):
        response = client.get(f"/forums/{forum_setup['id']}/participants/{path}")
        assert response.mimetype == "text/csv"
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    attendees = client.get(f"/forums/{forum_setup['id']}/participants/attendees.csv").text
    assert attendees.startswith('\ufeff"Name","Organization","Stakeholder group","Email"')
    assert SCRIPT in attendees  # plain text in a file that is never rendered as HTML
    assert "'=HYPERLINK" in attendees and '"=HYPERLINK' not in attendees
    signups = client.get(f"/forums/{forum_setup['id']}/participants/steering-committee.csv").text
    assert "'-2+3" in signups and "'@SUM(A1)" in signups


def test_a_line_break_in_a_name_or_a_forum_name_adds_no_header_and_stops_no_mail(mail_app):
    """A sign-up sent by script (the offline queue's JSON keeps line breaks) named "Eve\\nBcc: …", in a
    forum named over two lines: each message still leaves, to its one recipient, and those after it too."""
    from forum.models import SteeringSignup
    from forum.services.mailing import Outgoing, Recipient, deliver
    from forum.urls import at_public_url

    code = make_forum_in(mail_app)
    for name, email in (("Eve\r\nBcc: evil@example.org", "eve@example.org"), ("Kim", "kim@example.org")):
        device = Phone(mail_app, code)
        device.join()
        assert device.send("steering-committee", name=name, email=email).status_code == 200
    with mail_app.app_context(), at_public_url():
        signups = db.session.scalars(db.select(SteeringSignup).order_by(SteeringSignup.id)).all()
        assert signups[0].name == "Eve Bcc: evil@example.org"  # a name is stored on one line
        for signup in signups:  # the report's news goes to those who asked for it
            signup.news_consent_at = utcnow()
        db.session.commit()
        forum = db.session.get(Forum, signups[0].forum_id)
        subject = "Limited\nBcc: evil@example.org"  # a forum's name, sent by script too
        outgoing = [Outgoing(Recipient.of(signup, forum), "news", "report", subject, "The report is out.")
                    for signup in signups]
        delivery = deliver(outgoing)
    assert len(delivery.sent) == 2
    eve, kim = mail_app.mailbox.messages
    assert eve["To"] == "\"Eve Bcc: evil@example.org\" <eve@example.org>" and kim["To"] == "Kim <kim@example.org>"
    assert eve["Subject"] == "Limited Bcc: evil@example.org" and eve["Bcc"] is None
