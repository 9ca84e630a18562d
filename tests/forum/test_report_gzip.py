"""The report's HTML is sent gzip-compressed to a browser that accepts it: the shared report, a review link's page,
the organizer's preview and the HTML and Markdown downloads (a 5,000-card forum's page is 1.6 MB of HTML). The
compressed page has an ETag of its own, and a browser's reload holding either is still a 304."""
from __future__ import annotations

import gzip

import pytest

from tests.forum.test_report_pages_kept import renders, shared_token  # noqa: F401  (fixture shared)
from tests.forum.test_report_views import demo  # noqa: F401  (the analysed demo forum, shared below)

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def test_the_shared_report_is_compressed_for_a_browser_that_accepts_it_and_a_reload_is_still_a_304(
        app, client, demo, renders):  # noqa: F811
    token = shared_token(app, client, demo)
    reader = app.test_client()
    plain = reader.get(f"/r/{token}?lang=en")
    assert "Content-Encoding" not in plain.headers and "Accept-Encoding" in plain.headers["Vary"]
    packed = reader.get(f"/r/{token}?lang=en", headers=GZIP)
    assert packed.status_code == 200 and packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"] and int(packed.headers["Content-Length"]) == len(packed.data)
    assert gzip.decompress(packed.data) == plain.data and len(packed.data) < len(plain.data) * 0.7
    assert packed.headers["ETag"] == plain.headers["ETag"][:-1] + '-gzip"'  # another representation, its own tag
    for held in (packed.headers["ETag"], plain.headers["ETag"]):
        reload = reader.get(f"/r/{token}?lang=en", headers={**GZIP, "If-None-Match": held})
        assert reload.status_code == 304 and reload.data == b"" and reload.headers["ETag"] == held
    assert reader.get(f"/r/{token}?lang=en", headers={"If-None-Match": plain.headers["ETag"]}).status_code == 304
    assert renders == ["en"]  # compressed or not, one page kept


def test_a_browser_refusing_gzip_gets_the_page_as_it_is(app, client, demo):  # noqa: F811
    token = shared_token(app, client, demo)
    response = app.test_client().get(f"/r/{token}?lang=en", headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert response.status_code == 200 and "Content-Encoding" not in response.headers
    assert response.data.startswith(b"<!doctype html>")


def test_a_review_links_page_is_compressed(app, client, demo):  # noqa: F811
    from sqlalchemy import select

    from forum.extensions import db
    from forum.models import ReviewLink

    client.post(f"/forums/{demo}/review", data={"reviewer_group": "Newcomer council"})
    with app.app_context():
        token = db.session.scalar(select(ReviewLink.token).where(ReviewLink.forum_id == demo))
    page = app.test_client().get(f"/review/{token}?lang=fr", headers=GZIP)
    assert page.headers["Content-Encoding"] == "gzip" and "Newcomer council" in gzip.decompress(page.data).decode()


@pytest.mark.parametrize("path, packed", [
    ("/report/preview?report_lang=fr", True),
    ("/report/download/html?report_lang=en", True),
    ("/report/download/md?report_lang=en", True),
    ("/report/download/pdf?report_lang=en", False),  # compressed already
])
def test_the_organizers_html_and_text_files_are_compressed(client, demo, path, packed):  # noqa: F811
    plain = client.get(f"/forums/{demo}{path}")
    response = client.get(f"/forums/{demo}{path}", headers=GZIP)
    assert response.status_code == 200
    assert (response.headers.get("Content-Encoding") == "gzip") is packed
    if packed:
        assert gzip.decompress(response.data) == plain.data
        assert response.headers.get("Content-Disposition") == plain.headers.get("Content-Disposition")


def test_a_kept_page_is_compressed_once_per_process(app, client, demo, monkeypatch):  # noqa: F811
    from forum import compression

    compressed_bodies = []
    real = compression.gzip.compress

    def counting(body, **kwargs):
        compressed_bodies.append(len(body))
        return real(body, **kwargs)

    monkeypatch.setattr(compression.gzip, "compress", counting)
    token = shared_token(app, client, demo)
    first, again = (app.test_client().get(f"/r/{token}?lang=fr", headers=GZIP) for _ in range(2))
    assert again.data == first.data and again.headers["ETag"] == first.headers["ETag"]
    assert len(compressed_bodies) == 1
