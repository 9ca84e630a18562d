"""Every page opened by a link answers alike when it does not open: 404 for a link that is not valid, 403 for one
the organizers switched off (stopped sharing, replaced, a review link switched off), 410 for one that expired; each
says in plain words what the person can do, in English and French, and leads nowhere but back (a reader has no
account: "Home" led to the organizers' login)."""
from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Forum, ReviewLink, utcnow
from forum.services.progress import progress_token
from forum.services.reports import report_draft
from tests.conftest import add_review_link
from tests.html import error_message, parse, text_of

BACK = {"en": "Go back", "fr": "Retour"}
PROGRESS = {
    "replaced": {"en": "This link to the progress page was replaced by a new one. Ask the organizers for the new "
                       "link.",
                 "fr": "Ce lien vers la page d'avancement a été remplacé par un nouveau. Demandez le nouveau lien "
                       "aux organisateurs."},
    "off": {"en": "The organizers stopped sharing this progress page. If they share it again, this link will open "
                  "it again.",
            "fr": "Les organisateurs ne partagent plus cette page d'avancement. S'ils la partagent de nouveau, ce lien "
                  "l'ouvrira de nouveau."},
    "unknown": {"en": "This progress page link is not valid. Check that it was copied whole.",
                "fr": "Ce lien vers la page d'avancement n'est pas valide. Vérifiez qu'il a été copié en entier."},
}
REPORT = {
    "off": {"en": "The organizers are not sharing this report at the moment. If they share it again, this link will "
                  "open it.",
            "fr": "Les organisateurs ne partagent pas ce rapport en ce moment. S'ils le partagent de nouveau, ce "
                  "lien l'ouvrira."},
    "unknown": {"en": "This report link is not valid, or was replaced by a new one. Check that it was copied whole, "
                      "or ask the organizers for the report's link.",
                "fr": "Ce lien vers le rapport n'est pas valide, ou a été remplacé par un nouveau. Vérifiez qu'il "
                      "a été copié en entier, ou demandez le lien du rapport aux organisateurs."},
}


def refusal(page) -> tuple[int, str, str]:
    """The status, the error page's message and its links onwards."""
    doc = parse(page)
    return (page.status_code, error_message(page),
            text_of(doc.select_one(".error-links")))


def _progress_url(app, forum_id: int) -> str:
    with app.app_context():
        return f"/progress/{progress_token(db.session.get(Forum, forum_id))}"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_progress_link_replaced_or_no_longer_shared_is_switched_off_not_unknown(client, app, organizer, make_forum,
                                                                                 lang):
    forum_id = make_forum(organizer)
    client.post(f"/forums/{forum_id}/progress-page/share")
    first = _progress_url(app, forum_id)
    client.post(f"/forums/{forum_id}/progress-page/replace", data={"confirmed": "yes"})
    second = _progress_url(app, forum_id)
    client.post(f"/forums/{forum_id}/progress-page/off", data={"confirmed": "yes"})
    reader = app.test_client()
    assert refusal(reader.get(f"{first}?lang={lang}")) == (403, PROGRESS["replaced"][lang], BACK[lang])
    assert refusal(reader.get(f"{second}?lang={lang}")) == (403, PROGRESS["off"][lang], BACK[lang])
    assert refusal(reader.get(f"{second[:-3]}xyz?lang={lang}")) == (404, PROGRESS["unknown"][lang], BACK[lang])
    client.post(f"/forums/{forum_id}/progress-page/share")  # shared again: the same link opens it again
    assert reader.get(second).status_code == 200


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_report_link_no_longer_shared_is_switched_off_and_a_replaced_one_unknown(client, app, organizer,
                                                                                  make_forum, lang):
    demo = make_forum(organizer)
    client.post(f"/forums/{demo}/report", data={"language": "en"})
    client.post(f"/forums/{demo}/report/share")
    with app.app_context():
        token = report_draft(db.session.get(Forum, demo)).share_token
    client.post(f"/forums/{demo}/report/unshare", data={"confirmed": "yes"})
    reader = app.test_client()
    assert refusal(reader.get(f"/r/{token}?lang={lang}")) == (403, REPORT["off"][lang], BACK[lang])
    client.post(f"/forums/{demo}/report/new_link", data={"confirmed": "yes"})
    assert refusal(reader.get(f"/r/{token}?lang={lang}")) == (404, REPORT["unknown"][lang], BACK[lang])


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_review_link_refused_leads_only_back(app, organizer, make_forum, lang):
    forum_id = make_forum(organizer)
    token = add_review_link(app, forum_id)
    with app.app_context():
        db.session.query(ReviewLink).filter_by(token=token).update({"revoked_at": utcnow()})
        db.session.commit()
    reader = app.test_client()
    status, _message, links = refusal(reader.get(f"/review/{token}?lang={lang}"))
    assert (status, links) == (403, BACK[lang])
    status, _message, links = refusal(reader.get(f"/unsubscribe/nothing?lang={lang}"))
    assert (status, links) == (404, BACK[lang])
