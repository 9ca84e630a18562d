"""Report files built in the background are bounded: one build at a time per forum (a second "Build",
a double tap, another tab, or an analyst pressing it in a loop, starts none and follows the one under way),
and the database keeps the forum's latest built file of each format and language only (each "Build" used to add a
job and keep its file for ever: an analyst could queue hundreds of PDF builds, each taking a worker, and fill the
database). A file of that format and language built since the report last changed is given rather than built again,
and one person's build never takes another format's or language's file away."""
from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Job, utcnow
from tests.conftest import build_app
from tests.forum.analysis_support import SMALL_FORUM_CARDS, add_cards
from tests.html import parse, text_of


@pytest.fixture
def large_app(database_url):
    """Every forum with two cards or more is "large": its report is built as a job (in the request, in tests)."""
    yield from build_app(database_url, REPORT_JOB_MIN_CARDS=2)


@pytest.fixture
def large_forum(large_app, make_forum_in):
    forum_id, _token = make_forum_in(large_app, login=True)
    with large_app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS)
    return forum_id


def jobs(app) -> list[tuple[int, str, bool]]:
    """(id, status, whether it keeps a file) of every report job, oldest first."""
    with app.app_context():
        return [(job.id, job.status, job.result is not None)
                for job in db.session.query(Job).filter(Job.kind == "report").order_by(Job.id)]


def under_way(app, forum_id: int, fmt: str = "pdf", lang: str = "en") -> int:
    with app.app_context():
        job = Job(forum_id=forum_id, kind="report", status="running", stage="report",
                  parameters={"format": fmt, "lang": lang}, started_at=utcnow(), heartbeat_at=utcnow())
        db.session.add(job)
        db.session.commit()
        return job.id


@pytest.mark.parametrize("fmt, report_lang, lang, said", [
    ("pdf", "en", "en", "This file is being built already: follow it below. No second build was started."),
    ("docx", "fr", "en", "Another report file is being built: build this one once it is ready. "
                         "No second build was started."),
    ("pdf", "en", "fr", "Ce fichier est déjà en cours de création : suivez-le ci-dessous. "
                        "Aucune deuxième création n'a été lancée."),
    ("docx", "fr", "fr", "Un autre fichier du rapport est en cours de création : créez celui-ci quand il sera "
                         "prêt. Aucune deuxième création n'a été lancée."),
])
def test_a_build_while_one_is_under_way_starts_none_and_says_so(large_app, large_forum, fmt, report_lang, lang, said):
    client = large_app.client
    client.get(f"/forums/{large_forum}/report?lang={lang}")
    running = under_way(large_app, large_forum)
    response = client.post(f"/forums/{large_forum}/jobs/report/{fmt}", data={"report_lang": report_lang})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/forums/{large_forum}/report#get-h")
    page = parse(client.get(response.headers["Location"]).get_data(as_text=True))
    assert [text_of(p) for p in page.select(".flashes .flash-info")] == [said]
    assert page.select_one("[data-testid=report-job-stage]") is not None  # the page follows the one under way
    assert jobs(large_app) == [(running, "running", False)]


def test_pressing_build_in_a_loop_builds_each_file_once_and_keeps_one_per_format_and_language(large_app, large_forum):
    """Each format and language is built once: pressing "Build" again while nothing the report is built from changed
    gives the file built (no job, no work); the database keeps the latest file of each format and language."""
    client = large_app.client
    for fmt, lang in [("md", "en"), ("md", "fr"), ("html", "en")]:
        assert client.post(f"/forums/{large_forum}/jobs/report/{fmt}", data={"report_lang": lang}).status_code == 302
    built = jobs(large_app)
    assert [(status, kept) for _id, status, kept in built] == [("done", True)] * 3
    for _ in range(3):
        for (job_id, _status, _kept), (fmt, lang) in zip(built, [("md", "en"), ("md", "fr"), ("html", "en")]):
            again = client.post(f"/forums/{large_forum}/jobs/report/{fmt}", data={"report_lang": lang})
            assert again.status_code == 302 and again.headers["Location"].endswith(
                f"/forums/{large_forum}/jobs/{job_id}/file"), (fmt, lang)
    assert jobs(large_app) == built  # no job queued
    latest = built[-1][0]
    page = client.get(f"/forums/{large_forum}/report").get_data(as_text=True)
    assert f'href="/forums/{large_forum}/jobs/{latest}/file"' in page
    assert all(client.get(f"/forums/{large_forum}/jobs/{job_id}/file").status_code == 200 for job_id, *_ in built)


def test_a_viewers_build_never_takes_the_organizers_file_away(large_app, large_forum):
    """A viewer may build the report's files (they may read the report), but a file of another format or language
    leaves the organizer's file downloadable (it answered 410), and pressing the organizer's format and language
    again gives the organizer's file while nothing changed: no build. Once the report changes (a card added), the
    same press builds the file again, and the older one of that format and language says it was replaced."""
    from tests.conftest import member_client

    organizer = large_app.client
    viewer = member_client(large_app, large_forum, "viewer")
    assert organizer.post(f"/forums/{large_forum}/jobs/report/md", data={"report_lang": "en"}).status_code == 302
    assert viewer.post(f"/forums/{large_forum}/jobs/report/docx", data={"report_lang": "fr"}).status_code == 302
    (organizers, *_), (viewers, *_) = jobs(large_app)
    assert organizer.get(f"/forums/{large_forum}/jobs/{organizers}/file").status_code == 200
    assert viewer.get(f"/forums/{large_forum}/jobs/{viewers}/file").status_code == 200
    for _ in range(5):  # the viewer pressing the organizer's "Build" in a loop
        again = viewer.post(f"/forums/{large_forum}/jobs/report/md", data={"report_lang": "en"})
        assert again.headers["Location"].endswith(f"/forums/{large_forum}/jobs/{organizers}/file")
    assert len(jobs(large_app)) == 2
    with large_app.app_context():
        add_cards(large_forum, [("Mentoring circles for newcomers", None)])
    assert viewer.post(f"/forums/{large_forum}/jobs/report/md", data={"report_lang": "en"}).headers[
        "Location"].endswith(f"/forums/{large_forum}/report#get-h")
    newest = jobs(large_app)[-1]
    assert len(jobs(large_app)) == 3 and newest[1:] == ("done", True)
    assert organizer.get(f"/forums/{large_forum}/jobs/{organizers}/file").status_code == 410
    assert organizer.get(f"/forums/{large_forum}/jobs/{viewers}/file").status_code == 200  # French DOCX kept


@pytest.mark.parametrize("lang, said", [
    ("en", "This file was replaced by a newer one built since. Download that one from the report page, or build "
           "this one again."),
    ("fr", "Ce fichier a été remplacé par un plus récent, créé depuis. Téléchargez celui-ci depuis la page du "
           "rapport, ou recréez ce fichier."),
])
def test_a_replaced_file_says_where_the_newer_one_is(large_app, large_forum, lang, said):
    client = large_app.client
    client.post(f"/forums/{large_forum}/jobs/report/md", data={"report_lang": "en"})
    with large_app.app_context():  # the report changes: the same file is built again
        add_cards(large_forum, [("Mentoring circles for newcomers", None)])
    client.post(f"/forums/{large_forum}/jobs/report/md", data={"report_lang": "en"})
    first = jobs(large_app)[0][0]
    response = client.get(f"/forums/{large_forum}/jobs/{first}/file?lang={lang}")
    assert response.status_code == 410
    assert said in text_of(parse(response.get_data(as_text=True)))


@pytest.mark.parametrize("lang, said, onwards", [
    ("en", "This file was replaced by a newer one built since. Download that one from the report page, or build "
           "this one again.", "Go to the report page"),
    ("fr", "Ce fichier a été remplacé par un plus récent, créé depuis. Téléchargez celui-ci depuis la page du "
           "rapport, ou recréez ce fichier.", "Aller à la page du rapport"),
])
def test_a_pruned_files_old_link_says_a_newer_one_replaced_it(large_app, large_forum, lang, said, onwards):
    """The job of a replaced file is deleted once past its keeping (``prune_finished_jobs``): its link still answers
    410 saying so, with a link to the report page, not a bare 404."""
    client = large_app.client
    client.post(f"/forums/{large_forum}/jobs/report/md", data={"report_lang": "en"})
    with large_app.app_context():
        add_cards(large_forum, [("Mentoring circles for newcomers", None)])
    client.post(f"/forums/{large_forum}/jobs/report/md", data={"report_lang": "en"})
    first = jobs(large_app)[0][0]
    with large_app.app_context():
        db.session.query(Job).filter(Job.id == first).delete()
        db.session.commit()
    response = client.get(f"/forums/{large_forum}/jobs/{first}/file?lang={lang}")
    assert response.status_code == 410
    page = parse(response.get_data(as_text=True))
    assert said in text_of(page)
    assert [(link["href"], text_of(link)) for link in page.select(".error-links a:not([data-action])")] == [
        (f"/forums/{large_forum}/report#get-h", onwards)]
    assert client.get(f"/forums/{large_forum}/jobs/{first + 100}/file").status_code == 404  # no newer file: none
