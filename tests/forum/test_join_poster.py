"""The join poster: anyone with a role on the forum opens it (a viewer too), nobody else; it shows the
forum's join code, address and QR code, and a bilingual forum's instruction in both languages."""
from __future__ import annotations

from forum.extensions import db
from forum.models import Forum, Membership
from tests.html import parse


def poster_of(client, forum_id):
    return client.get(f"/forums/{forum_id}/participants/poster")


def test_a_viewer_opens_the_poster_and_a_stranger_is_answered_as_if_it_did_not_exist(app, client, auth, make_organizer, make_forum):
    owner = make_organizer("owner@example.org")
    forum_id = make_forum(owner, name="Spring forum", languages="fr,en")
    viewer = make_organizer("viewer@example.org")
    make_organizer("stranger@example.org")
    with app.app_context():
        db.session.add(Membership(user_id=viewer, forum_id=forum_id, role="viewer"))
        db.session.commit()
        code = db.session.get(Forum, forum_id).join_code

    auth.login("viewer@example.org")
    response = poster_of(client, forum_id)
    assert response.status_code == 200
    poster = parse(response.get_data(as_text=True)).select_one("[data-testid=join-poster]")
    assert poster.select_one(".printed-code").get_text() == code and poster.select_one("svg.qr")
    assert [p["lang"] for p in poster.select(".poster-instruction")] == ["fr", "en"]
    assert "Scannez le code QR" in poster.select_one(".poster-instruction").get_text()
    assert poster.select_one("[data-testid=poster-address]").get_text().endswith("/join")

    auth.logout()
    auth.login("stranger@example.org")
    assert poster_of(client, forum_id).status_code == 404  # not theirs: as if it did not exist


def test_the_participants_page_links_to_the_poster(client, organizer, make_forum):
    forum_id = make_forum(organizer)
    page = client.get(f"/forums/{forum_id}/participants").get_data(as_text=True)
    assert f'href="/forums/{forum_id}/participants/poster"' in page


def test_a_printed_texts_hyphenated_words_are_kept_whole_and_the_rest_escaped(app):
    from forum.templating import unbroken_hyphens

    assert unbroken_hyphens("ouvrez l'adresse ci-dessous, <b>Saint-Jean-sur-Richelieu</b> - ici") == (
        "ouvrez l&#39;adresse <span class=\"nowrap\">ci-dessous</span>, &lt;b&gt;"
        "<span class=\"nowrap\">Saint-Jean-sur-Richelieu</span>&lt;/b&gt; - ici")
