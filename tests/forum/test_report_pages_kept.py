"""The shared report (/r/<token>) and a review link's page are rendered once per change of what they show, kept in
the database (every worker serves the same page) and served again with an ETag and a Last-Modified, so that a
browser's reload is a 304; past REPORT_PAGE_LIMIT renderings per network address they answer 429 saying why, in
English or French. They were rendered on every request: for a 5,000-card forum 0.5-3.8 s of a worker and 1.6 MB each
time."""
from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select, update
from werkzeug.exceptions import ServiceUnavailable

from forum.extensions import db
from forum.models import Forum, IdeaCard, ReportDraft, ReportPage, ReviewLink, Translated, User, utcnow
from forum.services import report_pages
from forum.services.forums import create_forum
from forum.services.idea_cards import delete_card
from forum.services.reports import save_report
from tests.conftest import PASSWORD, build_app
from tests.forum.test_report_views import demo  # noqa: F401  (the analysed demo forum, shared below)
from tests.html import error_message, parse, text_of


@pytest.fixture
def renders(monkeypatch):
    """How many times a report page was rendered."""
    import forum.public.views as public_views

    counted = []
    real = public_views.report_html

    def counting(*args, **kwargs):
        counted.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(public_views, "report_html", counting)
    return counted


def shared_token(app, client, forum_id: int) -> str:
    client.post(f"/forums/{forum_id}/report/share")
    with app.app_context():
        return db.session.scalar(select(ReportDraft.share_token).where(ReportDraft.forum_id == forum_id))


def test_the_shared_report_is_rendered_once_and_a_browser_reload_is_a_304(app, client, demo, renders):  # noqa: F811
    token = shared_token(app, client, demo)
    reader = app.test_client()
    first = reader.get(f"/r/{token}?lang=en")
    assert first.status_code == 200 and b"4.19" in first.data and renders == ["en"]
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.headers["Cache-Control"] == "private, no-cache" and first.headers["X-Robots-Tag"] == "noindex"
    again = app.test_client().get(f"/r/{token}?lang=en&utm_source=mail")  # another reader, another worker
    assert again.status_code == 200 and again.data == first.data and again.headers["ETag"] == etag
    reload = reader.get(f"/r/{token}?lang=en", headers={"If-None-Match": etag})
    assert reload.status_code == 304 and reload.data == b"" and reload.headers["ETag"] == etag
    since = reader.get(f"/r/{token}?lang=en", headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    assert renders == ["en"]
    french = reader.get(f"/r/{token}?lang=fr")  # each language is a page of its own
    assert french.status_code == 200 and french.headers["ETag"] != etag and renders == ["en", "fr"]
    assert reader.get(f"/r/{token}?lang=fr").data == french.data and renders == ["en", "fr"]
    with app.app_context():
        assert db.session.scalar(select(ReportPage.etag).where(ReportPage.forum_id == demo,
                                                               ReportPage.language == "en")) == etag.strip('"')


def test_a_change_to_what_the_report_is_built_from_renders_it_again(app, client, demo, renders):  # noqa: F811
    token = shared_token(app, client, demo)
    first = client.get(f"/r/{token}?lang=en")
    with app.app_context():
        forum = db.session.get(Forum, demo)
        save_report(forum, language="en", attendees_basis="largest", text_language="en",
                    executive_summary="The organizers own summary of the morning.", way_forward=None)
    changed = client.get(f"/r/{token}?lang=en", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and "The organizers own summary of the morning." in changed.text
    assert changed.headers["ETag"] != first.headers["ETag"] and len(renders) == 2
    with app.app_context():  # a card the organizers deleted since (an abusive one): gone from the page at once
        delete_card(db.session.scalar(select(IdeaCard).where(IdeaCard.forum_id == demo).limit(1)))
    assert client.get(f"/r/{token}?lang=en").headers["ETag"] != changed.headers["ETag"] and len(renders) == 3
    with app.app_context():  # a round renamed (a table without a time of change)
        forum = db.session.get(Forum, demo)
        forum.rounds[0].title = Translated("Round one, renamed", forum.rounds[0].title.fr)
        db.session.commit()
    assert "Round one, renamed" in client.get(f"/r/{token}?lang=en").text and len(renders) == 4
    assert client.get(f"/r/{token}?lang=en").status_code == 200 and len(renders) == 4


def rendered_long_ago(app, forum_id: int) -> None:
    """The forum's kept pages as if rendered REPORT_PAGE_LIVE_SECONDS ago."""
    with app.app_context():
        for page in db.session.scalars(select(ReportPage).where(ReportPage.forum_id == forum_id)):
            page.built_at -= timedelta(seconds=app.config["REPORT_PAGE_LIVE_SECONDS"])
        db.session.commit()


def test_a_busy_room_has_the_page_rendered_once_per_period_and_the_organizers_changes_at_once(
        app, client, demo, renders):  # noqa: F811
    """Each card, dot or answer changed the page's key: a live room had it rendered again on every read."""
    token = shared_token(app, client, demo)
    first = client.get(f"/r/{token}?lang=en")
    for n in range(5):  # cards arriving between readers' visits
        with app.app_context():
            db.session.add(IdeaCard(forum_id=demo, client_id=f"live-{n}", text=f"A live idea {n}", source="capture"))
            db.session.commit()
        assert app.test_client().get(f"/r/{token}?lang=en").headers["ETag"] == first.headers["ETag"]
    assert len(renders) == 1
    rendered_long_ago(app, demo)  # half a minute later, the readers see the cards added since
    later = client.get(f"/r/{token}?lang=en")
    assert later.headers["ETag"] != first.headers["ETag"] and len(renders) == 2
    with app.app_context():  # the organizers' change, a moment after: at once
        save_report(db.session.get(Forum, demo), language="en", attendees_basis="largest", text_language="en",
                    executive_summary="Said by the organizers just now.", way_forward=None)
    assert "Said by the organizers just now." in client.get(f"/r/{token}?lang=en").text and len(renders) == 3


def test_a_page_another_request_is_rendering_is_served_as_it_was_meanwhile(app, client, demo, renders):  # noqa: F811
    token = shared_token(app, client, demo)
    first = client.get(f"/r/{token}?lang=en")
    with app.test_request_context():
        forum = db.session.get(Forum, demo)
        save_report(forum, language="en", attendees_basis="largest", text_language="en",
                    executive_summary="A newer summary.", way_forward=None)
        new_key = report_pages.page_key(db.session.get(Forum, demo), report_pages.SHARED, "en")
        db.session.execute(update(ReportPage).values(building_key=new_key, building_since=utcnow()))
        db.session.commit()
    meanwhile = client.get(f"/r/{token}?lang=en")
    assert meanwhile.headers["ETag"] == first.headers["ETag"] and len(renders) == 1
    with app.app_context():  # a claim long past: its worker died, the page is rendered by the next request
        db.session.execute(update(ReportPage).values(building_since=utcnow() - timedelta(minutes=10)))
        db.session.commit()
    assert "A newer summary." in client.get(f"/r/{token}?lang=en").text and len(renders) == 2


def test_a_page_s_first_rendering_under_way_elsewhere_is_waited_for_not_rendered_again(
        app, client, demo, renders, monkeypatch):  # noqa: F811
    """A room opening the report just shared, all at once: the requests arriving while the first is rendering it
    (seconds, for a large forum) each rendered it too, and, from one venue address, met REPORT_PAGE_LIMIT."""
    token = shared_token(app, client, demo)
    with app.test_request_context():
        key = report_pages.page_key(db.session.get(Forum, demo), report_pages.SHARED, "en")
        db.session.add(ReportPage(forum_id=demo, page=report_pages.SHARED, language="en", key="", etag="", body=b"",
                                  built_at=utcnow(), building_key=key, building_since=utcnow()))
        db.session.commit()
    looks = []

    def another_request_stores_it():  # the other request's rendering ends while this one waits
        looks.append(1)
        if len(looks) == 2:
            report_pages._store(demo, report_pages.SHARED, "en", key, b"<p>Rendered by the other request</p>")

    monkeypatch.setattr(report_pages, "_pause", another_request_stores_it)
    waited = client.get(f"/r/{token}?lang=en")
    assert waited.text == "<p>Rendered by the other request</p>" and renders == [] and len(looks) == 2
    with app.app_context():  # a first rendering that failed (its claim given up): the next request renders the page
        db.session.execute(update(ReportPage).values(key="", building_key=None, building_since=None))
        db.session.commit()
    monkeypatch.setattr(report_pages, "_claim", lambda *args: False)  # (as when another request claimed it)
    assert client.get(f"/r/{token}?lang=en").status_code == 200 and renders == ["en"]


def test_a_review_links_page_is_kept_for_its_readers_and_rendered_for_a_reviewer_who_commented(
        app, client, demo, renders):  # noqa: F811
    client.post(f"/forums/{demo}/review", data={"reviewer_group": "Newcomer council"})
    with app.app_context():
        token = db.session.scalar(select(ReviewLink.token).where(ReviewLink.forum_id == demo))
    one, other = app.test_client(), app.test_client()
    first = one.get(f"/review/{token}?lang=en")
    assert first.status_code == 200 and "Newcomer council" in first.text
    assert other.get(f"/review/{token}?lang=en").data == first.data
    assert one.get(f"/review/{token}?lang=en", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert len(renders) == 1
    sent = one.post(f"/review/{token}/comment?section=priorities&lang=en",
                    data={"text": "Mentoring should come first.", "client_id": "comment-one-1"})
    assert sent.status_code == 302
    mine = one.get(f"/review/{token}?lang=en")  # its thanks and its own comment: rendered for this browser
    assert mine.status_code == 200 and "Mentoring should come first." in mine.text
    assert "ETag" not in mine.headers and mine.headers["Cache-Control"] == "private, no-store"
    theirs = other.get(f"/review/{token}?lang=en", headers={"If-None-Match": first.headers["ETag"]})
    assert theirs.status_code == 200 and theirs.headers["ETag"] != first.headers["ETag"]  # a comment more
    assert len(renders) == 3


def shared_report_and_review_link(app) -> tuple[str, str]:
    """A forum in English and French whose report is shared and which has a review link: the two tokens."""
    with app.app_context():
        owner = User(email="owner@example.org", name="Owner")
        owner.set_password(PASSWORD)
        forum = create_forum(owner, name="Shared", languages="en,fr")
        db.session.flush()
        draft = ReportDraft(forum_id=forum.id, shared=True)
        link = ReviewLink(forum_id=forum.id, reviewer_group="Newcomer council")
        db.session.add_all([draft, link])
        db.session.commit()
        return draft.share_token, link.token


@pytest.fixture
def limited(database_url):
    yield from build_app(database_url, RATELIMIT_ENABLED=True, REPORT_PAGE_LIMIT="2 per minute")


@pytest.mark.parametrize("lang, said", [
    ("en", "This report was opened very many times from your network in a short time, so it is not shown for now. "
           "Wait a few minutes, then open it again."),
    ("fr", "Ce rapport a été ouvert un très grand nombre de fois depuis votre réseau en peu de temps : il "
           "n'est donc pas affiché pour le moment. Attendez quelques minutes, puis ouvrez-le de nouveau."),
])
def test_past_its_bound_of_renderings_per_address_the_report_answers_429_saying_why(limited, lang, said):
    limited.config["REPORT_PAGE_MAX_AGE_SECONDS"] = 0  # each request renders the page again (what a flood would cost)
    token, review_token = shared_report_and_review_link(limited)
    for url in (f"/r/{token}?lang={lang}", f"/review/{review_token}?lang={lang}"):
        reader = limited.test_client()
        reader.environ_base["REMOTE_ADDR"] = "203.0.113.7"
        assert [reader.get(url, headers={"Accept-Language": lang}).status_code for _ in range(2)] == [200, 200]
        refused = reader.get(url, headers={"Accept-Language": lang})
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
        assert said in text_of(parse(refused.text).select_one("main"))
        elsewhere = limited.test_client()
        elsewhere.environ_base["REMOTE_ADDR"] = "198.51.100.9"
        assert elsewhere.get(url).status_code == 200  # another network's readers are not held back


def test_a_rendering_that_fails_does_not_count_against_the_bound(limited, monkeypatch):
    """A render that raises (a 503 while the forum is busy) rendered no page: the reader who asks again is not
    refused for it."""
    import forum.public.views as public_views

    limited.config["REPORT_PAGE_MAX_AGE_SECONDS"] = 0
    token, _review_token = shared_report_and_review_link(limited)
    real, failures = public_views.report_html, [1, 1, 1]

    def busy_first(*args, **kwargs):
        if failures:
            failures.pop()
            raise ServiceUnavailable()
        return real(*args, **kwargs)

    monkeypatch.setattr(public_views, "report_html", busy_first)
    reader = limited.test_client()
    reader.environ_base["REMOTE_ADDR"] = "203.0.113.7"
    assert [reader.get(f"/r/{token}?lang=en").status_code for _ in range(6)] == [503, 503, 503, 200, 200, 429]


def links_of(page) -> list[str]:
    return [tag.get("href") or tag.get("src") for tag in parse(page.text).select("[href], [src]")]


def test_a_room_behind_one_address_reads_the_kept_report_without_meeting_the_bound(limited, renders):
    """A page kept as rendered costs almost nothing: only the renderings count against REPORT_PAGE_LIMIT, and a room of
    300 behind one venue address opening the report in the same minute all read it (it answered 429 from the 61st,
    here from the 3rd)."""
    token, _review_token = shared_report_and_review_link(limited)
    answers = set()
    for _ in range(6):
        reader = limited.test_client()
        reader.environ_base["REMOTE_ADDR"] = "203.0.113.7"
        answers.add(reader.get(f"/r/{token}?lang=en").status_code)
    assert answers == {200} and renders == ["en"]


@pytest.mark.parametrize("prefix", ["//evil.example", "/elsewhere"])
def test_a_forged_forwarded_prefix_is_refused_and_never_keeps_the_page_with_its_links(database_url, renders, prefix):
    """Behind a trusted proxy that passes on an X-Forwarded-Prefix a client sent (the README's nginx sets none), the
    links of a page rendered for that request would start with it: never kept for the readers after it (the review
    page's comment links would lead every reviewer to another site, its token with them), and not rendered for it
    either (rendered again at each such request, a way to make the server work): refused, saying so."""
    for app in build_app(database_url, TRUSTED_PROXIES=1):
        share_token, review_token = shared_report_and_review_link(app)
        for url in (f"/r/{share_token}?lang=en", f"/review/{review_token}?lang=en"):
            for _ in range(2):
                forged = app.test_client().get(url, headers={"X-Forwarded-Prefix": prefix,
                                                             "X-Forwarded-For": "203.0.113.9"})
                assert forged.status_code == 404 and error_message(forged) == (
                    "This report is not at this address. Open the link as the organizers gave it.")
            read = app.test_client().get(url, headers={"X-Forwarded-For": "198.51.100.1"})
            assert read.status_code == 200 and links_of(read)
            assert not any(link.startswith(prefix) for link in links_of(read)), links_of(read)
        assert len(renders) == 2  # each page rendered once, for the readers, and kept


def test_under_the_prefix_public_url_names_the_pages_are_kept(database_url, renders):
    """A deployment under a prefix (its proxy sets X-Forwarded-Prefix, PUBLIC_URL names it) keeps its pages."""
    for app in build_app(database_url, TRUSTED_PROXIES=1, PUBLIC_URL="https://forum.example.org/forum"):
        share_token, _review_token = shared_report_and_review_link(app)
        for _ in range(2):
            read = app.test_client().get(f"/r/{share_token}?lang=en", headers={"X-Forwarded-Prefix": "/forum",
                                                                              "X-Forwarded-For": "198.51.100.1"})
            assert read.status_code == 200 and f"/forum/r/{share_token}?lang=fr" in links_of(read)
        assert len(renders) == 1


def test_a_prefix_public_url_does_not_name_is_logged_once_naming_the_setting(database_url, renders, caplog):
    """A deployment under a prefix FORUM_PUBLIC_URL does not name gets 404 on every report page: its log says why,
    once (not a line per request, which a client sending prefixes could fill the log with)."""
    for app in build_app(database_url, TRUSTED_PROXIES=1):
        share_token, review_token = shared_report_and_review_link(app)
        caplog.clear()
        for url in (f"/r/{share_token}?lang=en", f"/review/{review_token}?lang=en", f"/r/{share_token}?lang=fr"):
            refused = app.test_client().get(url, headers={"X-Forwarded-Prefix": "/forum",
                                                          "X-Forwarded-For": "198.51.100.1"})
            assert refused.status_code == 404
        warnings = [record.getMessage() for record in caplog.records
                    if record.name == "forum.services.report_pages" and record.levelname == "WARNING"]
        assert len(warnings) == 1 and "FORUM_PUBLIC_URL" in warnings[0] and "'/forum'" in warnings[0], warnings


@pytest.mark.parametrize("lang, said", [
    ("en", "This report was opened very many times from your network in a short time, so it is not shown for now. "
           "Wait a few minutes, then open it again."),
    ("fr", "Ce rapport a été ouvert un très grand nombre de fois depuis votre réseau en peu de temps : il "
           "n'est donc pas affiché pour le moment. Attendez quelques minutes, puis ouvrez-le de nouveau."),
])
def test_reads_of_a_kept_page_past_the_flood_guard_answer_429_saying_why(database_url, renders, lang, said):
    """A kept page served again is not a rendering (REPORT_PAGE_LIMIT), but its reads are bounded too, loosely
    (REPORT_READ_LIMIT): a client asking for it in a loop is held back, its network only."""
    for app in build_app(database_url, RATELIMIT_ENABLED=True, REPORT_READ_LIMIT="3 per minute"):
        token, review_token = shared_report_and_review_link(app)
        reader = app.test_client()
        reader.environ_base["REMOTE_ADDR"] = "203.0.113.7"
        answers = [reader.get(url, headers={"Accept-Language": lang}).status_code
                   for url in (f"/r/{token}?lang={lang}", f"/r/{token}?lang={lang}", f"/review/{review_token}")]
        assert answers == [200, 200, 200] and len(renders) == 2  # the shared page once, then kept
        refused = reader.get(f"/r/{token}?lang={lang}", headers={"Accept-Language": lang})
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
        assert said in text_of(parse(refused.text).select_one("main"))
        elsewhere = app.test_client()
        elsewhere.environ_base["REMOTE_ADDR"] = "198.51.100.9"
        assert elsewhere.get(f"/r/{token}?lang={lang}").status_code == 200


def test_reads_refused_by_the_flood_guard_do_not_count_so_the_next_minute_reads_again(database_url, monkeypatch):
    """A reader past the minute's bound is refused until that minute is over, not for the hour: the reads refused
    meanwhile are not counted against the hour's bound."""
    import time

    from forum import ratelimit_storage

    ahead = []
    monkeypatch.setattr(ratelimit_storage, "time", SimpleNamespace(time=lambda: time.time() + sum(ahead)))
    for app in build_app(database_url, RATELIMIT_ENABLED=True, REPORT_READ_LIMIT="2 per minute;4 per hour"):
        token, _ = shared_report_and_review_link(app)
        reader = app.test_client()
        assert [reader.get(f"/r/{token}").status_code for _ in range(5)] == [200, 200, 429, 429, 429]
        ahead.append(61)  # the minute's window is over
        assert reader.get(f"/r/{token}").status_code == 200
