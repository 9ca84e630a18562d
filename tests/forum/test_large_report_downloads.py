"""A large forum's report files (``REPORT_JOB_MIN_CARDS`` cards or more) are built as a background job, in a process
with a memory and a time limit, never in a web request: the report page offered its viewers the direct download
links all the same (only analysts and organizers got the "Build" buttons), and the download address built any
forum's PDF in the request, however large, each time it was opened (a 5,000-card PDF is about 5 seconds of a web
worker). Now everyone who may read the report builds it on the report page, and the direct address of a large
forum's file opens the report page, which says where to build it."""
from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Job, Membership
from tests.conftest import PASSWORD, add_organizer, build_app
from tests.forum.analysis_support import SMALL_FORUM_CARDS, add_cards
from tests.html import parse, text_of

SAID = {
    "en": "This forum is large: its report files are built in the background, not on opening a download address. "
          "Build the one you want below, then download it here.",
    "fr": "Ce forum est grand : les fichiers de son rapport sont créés en arrière-plan, pas à l'ouverture d'une "
          "adresse de téléchargement. Créez celui que vous voulez ci-dessous, puis téléchargez-le ici.",
}


@pytest.fixture
def large_app(database_url):
    yield from build_app(database_url, REPORT_JOB_MIN_CARDS=2)


@pytest.fixture
def viewer(large_app, make_forum_in):
    forum_id, _token = make_forum_in(large_app)
    with large_app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS)
    user_id = add_organizer(large_app, "viewer@example.org", "Vera Viewer")
    with large_app.app_context():
        db.session.add(Membership(user_id=user_id, forum_id=forum_id, role="viewer"))
        db.session.commit()
    client = large_app.test_client()
    client.post("/login", data={"email": "viewer@example.org", "password": PASSWORD})
    return forum_id, client


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_large_forums_file_is_not_built_in_the_request(large_app, viewer, lang):
    forum_id, client = viewer
    refused = client.get(f"/forums/{forum_id}/report/download/pdf?lang={lang}")
    assert refused.status_code == 302
    assert refused.headers["Location"].split("?")[0].split("#")[0] == f"/forums/{forum_id}/report"
    assert refused.headers["Location"].endswith("#get-h")
    page = parse(client.get(refused.headers["Location"]).get_data(as_text=True))
    assert [text_of(p) for p in page.select(".flashes .flash-info")] == [SAID[lang]]
    with large_app.app_context():
        assert db.session.query(Job).count() == 0


def test_a_viewer_builds_a_large_forums_file_on_the_report_page(large_app, viewer):
    forum_id, client = viewer
    page = parse(client.get(f"/forums/{forum_id}/report").get_data(as_text=True))
    assert page.select_one(f'form[action="/forums/{forum_id}/jobs/report/md"]') is not None
    assert page.select_one('a[href*="/report/download/"]') is None
    assert client.post(f"/forums/{forum_id}/jobs/report/md", data={"report_lang": "en"}).status_code == 302
    with large_app.app_context():
        job = db.session.query(Job).one()
        job_id, status = job.id, job.status
    assert status == "done"
    built = client.get(f"/forums/{forum_id}/jobs/{job_id}/file")
    assert built.status_code == 200 and "attachment" in built.headers["Content-Disposition"]


PREVIEW_SAID = {
    "en": "This forum is large: its report is not put together on opening the preview. Build the HTML file below: "
          "the preview then shows it.",
    "fr": "Ce forum est grand : son rapport n'est pas assemblé à l'ouverture de l'aperçu. Créez le fichier HTML "
          "ci-dessous : l'aperçu l'affichera ensuite.",
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_large_forums_preview_is_not_put_together_in_the_request(large_app, viewer, monkeypatch, lang):
    """The preview is the HTML file shown in the browser, as costly to put together (a 5,000-card forum's: about
    0.3-1.6 s and 3 MB, as the HTML download): a large forum's opens the report page saying where to build it, and
    once built (nothing changed since), shows that file, in the language asked for, without putting it together."""
    from forum.organize import report as report_views

    forum_id, client = viewer
    refused = client.get(f"/forums/{forum_id}/report/preview?report_lang={lang}&lang={lang}")
    assert refused.status_code == 302 and refused.headers["Location"].endswith("#get-h")
    page = parse(client.get(refused.headers["Location"]).get_data(as_text=True))
    assert [text_of(p) for p in page.select(".flashes .flash-info")] == [PREVIEW_SAID[lang]]
    with large_app.app_context():
        assert db.session.query(Job).count() == 0
    assert client.post(f"/forums/{forum_id}/jobs/report/html", data={"report_lang": lang}).status_code == 302
    monkeypatch.setattr(report_views, "report_html", lambda *args, **kwargs: pytest.fail("put together again"))
    monkeypatch.setattr(report_views, "render_report", lambda *args, **kwargs: pytest.fail("built again"))
    with large_app.app_context():
        built = db.session.query(Job).one().result
    shown = client.get(f"/forums/{forum_id}/report/preview?report_lang={lang}")
    assert shown.status_code == 200 and shown.mimetype == "text/html" and shown.data == built
    assert "attachment" not in shown.headers.get("Content-Disposition", "")
    # the direct download address gives the file built too, as its message says ("then download it here")
    downloaded = client.get(f"/forums/{forum_id}/report/download/html?report_lang={lang}")
    assert downloaded.status_code == 200 and downloaded.data == built
