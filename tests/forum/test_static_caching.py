"""Static files kept by a phone between pages: every page names its stylesheet and scripts at their
version (a digest of the content), and a file asked for at its current version is kept a year without
being asked for again, whatever the cookies; another version, or none, is checked again each time.
Stylesheets and scripts go compressed to a browser that takes gzip."""
from __future__ import annotations

import gzip
import re

from forum.static_files import static_version

# (and the participant script with its messages: forum/participate/texts.py)
STATIC_URL = re.compile(r'(?:href|src)="(/static/[^"]+|/participate\.js\?[^"]+)"')
YEAR = "public, max-age=31536000, immutable"


def static_urls(html: str) -> list[str]:
    return STATIC_URL.findall(html)


def test_a_participants_page_names_its_files_at_their_version(client):
    urls = static_urls(client.get("/join").get_data(as_text=True))
    assert urls, "the page names its stylesheet and scripts"
    for url in urls:
        assert re.fullmatch(r"(/static/[\w.-]+|/participate\.js)\?v=[0-9a-f]{16}", url), url


def test_a_file_at_its_version_is_kept_a_year_and_does_not_vary_with_the_cookies(client):
    client.get("/join?lang=fr")  # a session cookie (the language), and the device's cookie
    for url in static_urls(client.get("/join").get_data(as_text=True)):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == YEAR, url
        assert "Cookie" not in response.headers.get("Vary", ""), url
        again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304 and again.headers["Cache-Control"] == YEAR, url


def test_a_file_asked_for_without_its_current_version_is_checked_again_each_time(client):
    for url in ("/static/app.css", "/static/app.css?v=0123456789abcdef", "/static/app.css?v="):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-cache", url
    assert client.get("/static/no-such-file.js?v=0123456789abcdef").status_code == 404


def test_a_changed_file_gets_a_new_version_and_a_new_address(tmp_path, app):
    folder = tmp_path / "static"
    folder.mkdir()
    script = folder / "x.js"
    script.write_text("var a = 1;")
    first = static_version(str(folder), "x.js")
    script.write_text("var a = 22;")
    assert static_version(str(folder), "x.js") not in (None, first)
    assert static_version(str(folder), "../x.js") is None
    assert static_version(str(folder), "missing.js") is None
    with app.test_request_context():
        from flask import url_for

        assert url_for("static", filename="app.js") == f"/static/app.js?v={static_version(app.static_folder, 'app.js')}"
        assert url_for("static", filename="no-such-file.js") == "/static/no-such-file.js"


def test_a_participants_page_does_not_load_the_copy_buttons_script(client):
    html = client.get("/join").get_data(as_text=True)
    assert "copy-link.js" not in html
    assert any(url.startswith("/participate.js?v=") for url in static_urls(html))


def test_stylesheets_and_scripts_go_compressed_to_a_browser_that_takes_it(client):
    for url in static_urls(client.get("/join").get_data(as_text=True)):
        plain = client.get(url, headers={"Accept-Encoding": "identity"})
        assert plain.headers.get("Content-Encoding") is None and "Accept-Encoding" in plain.headers["Vary"]
        packed = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
        assert packed.status_code == 200 and packed.headers["Content-Encoding"] == "gzip", url
        assert "Accept-Encoding" in packed.headers["Vary"] and packed.headers["Cache-Control"] == YEAR
        assert gzip.decompress(packed.get_data()) == plain.get_data(), url
        assert len(packed.get_data()) < len(plain.get_data()) / 2, url
        assert int(packed.headers["Content-Length"]) == len(packed.get_data())
        assert packed.headers["ETag"] != plain.headers["ETag"]
        # Asked again with each answer's own ETag: "not modified", and nothing sent
        for answer, encoding in ((packed, "gzip"), (plain, "identity")):
            again = client.get(url, headers={"Accept-Encoding": encoding, "If-None-Match": answer.headers["ETag"]})
            assert again.status_code == 304 and again.get_data() == b"", (url, encoding)
            assert again.headers.get("Content-Encoding") is None
    refused = client.get("/static/app.css", headers={"Accept-Encoding": "gzip;q=0"})
    assert refused.headers.get("Content-Encoding") is None
    part = client.get("/static/app.css", headers={"Accept-Encoding": "gzip", "Range": "bytes=0-9"})
    assert part.status_code == 206 and part.headers.get("Content-Encoding") is None and len(part.get_data()) == 10


def test_a_file_at_its_version_with_a_language_switch_sets_no_cookie_and_stays_kept_a_year(app, client, organizer):
    """A logged-in organizer's browser asks for the stylesheet with ``&lang=fr`` (or any other query): the
    static file's answer never writes the session (a public, year-long answer setting a cookie would hand the
    cookie to every shared cache on the way), and the language is not switched by it."""
    version = static_version(app.static_folder, "app.css")
    for url in (f"/static/app.css?v={version}&lang=fr", f"/static/app.css?v={version}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Set-Cookie" not in response.headers, url
        assert response.headers["Cache-Control"] == YEAR, url
    page = client.get("/forums")
    assert page.status_code == 200 and 'lang="en"' in page.get_data(as_text=True)


def test_an_answer_setting_a_cookie_is_never_kept_by_shared_caches(own_app):
    """The backstop: whatever sets a cookie on a static file's answer (an extension's hook), the answer is no
    longer public nor immutable."""
    app, client = own_app, own_app.test_client()

    @app.after_request
    def set_a_cookie(response):
        response.set_cookie("other", "1")
        return response

    version = static_version(app.static_folder, "app.css")
    response = client.get(f"/static/app.css?v={version}")
    assert response.status_code == 200 and "Set-Cookie" in response.headers
    cache = response.headers["Cache-Control"]
    assert "public" not in cache and "immutable" not in cache and "max-age" not in cache, cache
    assert "private" in cache and "no-cache" in cache, cache


def test_the_compressed_copy_is_not_sent_again_to_a_weak_etag(client):
    """A proxy or browser that weakened the compressed copy's ETag (``W/"…-gzip"``) is still told "not modified"."""
    url = static_urls(client.get("/join").get_data(as_text=True))[0]
    packed = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    etag = packed.headers["ETag"]
    assert not etag.startswith("W/")
    again = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": f"W/{etag}"})
    assert again.status_code == 304 and again.get_data() == b"", url
    assert again.headers.get("Content-Encoding") is None
