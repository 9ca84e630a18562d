"""What the review forms answer when what they were opened on is gone since (an idea deleted, a comment or a link
that is not there, a second tab, a double tap): a 4xx with a message that says what happened and what to do,
in English and French, and nothing written."""
from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import IdeaCard, ReviewComment, ReviewLink, utcnow
from tests.html import error_message

GONE_IDEA = {"en": "This idea is no longer in the draft report, so it cannot be commented on. Go back to the report "
                   "to see what it holds now.",
             "fr": "Cette idée n'est plus dans l'ébauche du rapport : elle ne peut donc plus être commentée. "
                   "Retournez au rapport pour voir ce qu'il contient maintenant."}
NO_SECTION = {"en": "The draft report has no such section. Go back to the report and choose a section or an idea to "
                    "comment on.",
              "fr": "L'ébauche du rapport n'a pas cette section. Retournez au rapport et choisissez une section ou "
                    "une idée à commenter."}
GONE_COMMENT = {"en": "This comment is no longer there. Reload the review page to see the comments as they are now.",
                "fr": "Ce commentaire n'existe plus. Rechargez la page de relecture pour voir les commentaires tels "
                      "qu'ils sont maintenant."}
GONE_LINK = {"en": "This review link is no longer there. Reload the review page to see the links as they are now.",
             "fr": "Ce lien de relecture n'existe plus. Rechargez la page de relecture pour voir les liens tels "
                   "qu'ils sont maintenant."}


@pytest.fixture
def reviewed(app, make_forum, organizer):
    """The logged-in organizer's forum, a review link and a card deleted since: (forum id, token, card id)."""
    forum_id = make_forum(organizer, languages="en,fr")
    with app.app_context():
        link = ReviewLink(forum_id=forum_id, reviewer_group="Newcomer council")
        card = IdeaCard(forum_id=forum_id, text="Mentoring works", deleted_at=utcnow())
        db.session.add_all([link, card])
        db.session.commit()
        return forum_id, link.token, card.id


def message(answer) -> str:
    return error_message(answer)


def comments(app) -> int:
    with app.app_context():
        return db.session.query(ReviewComment).count()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_comment_on_an_idea_deleted_or_a_section_not_in_the_report_is_refused_with_a_word(app, reviewed, lang):
    _forum_id, token, card_id = reviewed
    reviewer = app.test_client()
    for query, said in ((f"idea={card_id}", GONE_IDEA), ("idea=99999", GONE_IDEA), ("idea=x", GONE_IDEA),
                        ("section=nowhere", NO_SECTION)):
        shown = reviewer.get(f"/review/{token}/comment?{query}&lang={lang}")
        sent = reviewer.post(f"/review/{token}/comment?{query}&lang={lang}",
                             data={"text": "Add mentoring.", "client_id": "c" * 32})
        assert (shown.status_code, sent.status_code) == (404, 404), query
        assert message(shown) == message(sent) == said[lang], query
    assert comments(app) == 0


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_organizers_forms_on_a_comment_or_link_that_is_not_there_say_so(client, app, reviewed, lang):
    forum_id, _token, _card = reviewed
    for path in ("comments/99999/reply", "comments/99999/approve"):
        answer = client.post(f"/forums/{forum_id}/review/{path}?lang={lang}", data={"reply": "Noted."})
        assert answer.status_code == 404 and message(answer) == GONE_COMMENT[lang], path
    answer = client.post(f"/forums/{forum_id}/review/links/99999/revoke?lang={lang}", data={"confirmed": "yes"})
    assert answer.status_code == 404 and message(answer) == GONE_LINK[lang]


def test_switching_a_link_off_twice_keeps_when_it_was_first_switched_off(client, app, reviewed):
    """A double tap, or the page's button in a second tab."""
    forum_id, token, _card = reviewed
    with app.app_context():
        link_id = db.session.query(ReviewLink).one().id
    url = f"/forums/{forum_id}/review/links/{link_id}/revoke"
    assert client.post(url, data={"confirmed": "yes"}).status_code == 302
    with app.app_context():
        first = db.session.get(ReviewLink, link_id).revoked_at
    assert client.post(url, data={"confirmed": "yes"}).status_code == 302
    with app.app_context():
        assert db.session.get(ReviewLink, link_id).revoked_at == first
    refused = app.test_client().post(f"/review/{token}/comment?section=priorities", data={"text": "Late.",
                                                                                         "client_id": "d" * 32})
    assert refused.status_code == 403
    assert message(refused) == "This review link is switched off. Ask the organizer to switch it back on."
    assert comments(app) == 0


def test_the_review_views_annotations_resolve(app):
    """The public review view's annotations name what the module imports (``ReviewLink`` was annotated without
    being imported: a NameError for anything resolving them, a tool or a type checker)."""
    import typing

    from forum.public import views

    assert typing.get_type_hints(views._review)["link"] is ReviewLink
