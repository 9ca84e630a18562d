"""A series' viewers: its creator invites a network or a funder by e-mail to read the comparison of its
editions, and nothing of the forums themselves; the access ends when they are removed, the invitation
withdrawn or the series deleted."""
from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import (Forum, IdeaCard, Invitation, Membership, Organization, Participant, Series, Translated,
                          User)
from forum.services import members
from forum.services import series as series_service
from forum.services.errors import ServiceError
from forum.services.forums import create_forum
from tests.conftest import PASSWORD, add_organizer
from tests.forum.test_members import client_of, invitation_path
from tests.html import by_test_id, parse, text_of

CARD = "Mentoring circles for newcomers"
CONTACT = "participant@example.org"


@pytest.fixture
def series_of_two(app):
    """The creator's series of two editions, the first with a card and a participant's e-mail: (series id,
    forum ids). Its creator is creator@example.org."""
    return _series(app)


def _series(app):
    creator_id = add_organizer(app, "creator@example.org", "Cora Creator")
    with app.app_context():
        creator = db.session.get(User, creator_id)
        series = series_service.create_series(creator, name=Translated("Annual employment forum"))
        forums = [create_forum(creator, name=f"Forum {year}", table_count=1) for year in (2025, 2026)]
        db.session.add_all([IdeaCard(forum=forums[0], text=CARD, source="organizer"),
                            Participant(forum=forums[0], name="Pat", email=CONTACT, shares_contact=True)])
        db.session.commit()
        for forum in forums:
            series_service.add_forum(series, forum)
        return series.id, [forum.id for forum in forums]


def viewer_of(app, series_id: int, email="funder@example.org") -> int:
    user_id = add_organizer(app, email, "Fran Funder")
    with app.app_context():
        db.session.add(Membership(user_id=user_id, series_id=series_id, role="viewer"))
        db.session.commit()
    return user_id


def partnership_viewer(app, forum_ids: list[int]) -> int:
    """Fran Funder (funder@example.org), a viewer of the organization "Partnership", which holds the forums
    ``forum_ids``; returns the organization's id."""
    funder_id = add_organizer(app, "funder@example.org", "Fran Funder")
    with app.app_context():
        organization = Organization(name="Partnership", forums=[db.session.get(Forum, i) for i in forum_ids],
                                    memberships=[Membership(user_id=funder_id, role="viewer")])
        db.session.add(organization)
        db.session.commit()
        return organization.id


def rows(app, model, *conditions) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def test_the_creator_invites_a_funder_by_e_mail_who_then_reads_the_comparison(mail_app):
    series_id, forum_ids = _series(mail_app)
    creator = client_of(mail_app, "creator@example.org")
    sent = creator.post(f"/series/{series_id}/viewers", data={"email": " Funder@Example.org "})
    assert sent.status_code == 302
    [message] = mail_app.mailbox.messages
    assert message["To"] == "funder@example.org" and "Annual employment forum" in message["Subject"]
    assert "to read the comparison of the editions of “Annual employment forum”" in message.get_content()
    assert "funder@example.org" in by_test_id(creator.get(f"/series/{series_id}"), "invitations")

    funder = mail_app.test_client()
    link = invitation_path(message.get_content())
    assert "Cora Creator invites funder@example.org to read the comparison of its editions" in \
        by_test_id(funder.get(link), "invitation-summary")
    accepted = funder.post(link, data={"name": "Fran Funder", "password": PASSWORD, "confirm": PASSWORD})
    assert accepted.headers["Location"] == f"/series/{series_id}"
    with mail_app.app_context():
        [membership] = db.session.scalars(select(Membership).join(Membership.user)
                                          .where(User.email == "funder@example.org")).all()
        assert (membership.series_id, membership.role, membership.forum_id) == (series_id, "viewer", None)

    page = funder.get(f"/series/{series_id}")
    assert page.status_code == 200
    html = parse(page)
    assert [text_of(th) for th in html.select('[data-testid="series-figures"] thead th')] == \
        ["Forum 2025", "Forum 2026"]
    assert html.select_one('[data-metric="ideas"]') and "Cora Creator shares this comparison with you" in \
        by_test_id(page, "series-read-only")
    # the comparison only: no way into the forums, no forms, and nothing of the participants
    assert not html.select('main a[href^="/forums/"]') and not html.select("main form")
    assert not html.select('[data-testid="series-viewers"]')
    assert "No themes yet: no edition has been analysed." in text_of(html.select_one("main"))  # not "run it"
    assert CARD not in page.get_data(as_text=True) and CONTACT not in page.get_data(as_text=True)
    shared = parse(funder.get("/series")).select_one('[data-testid="shared-series"]')
    assert "Annual employment forum" in text_of(shared) and text_of(shared.select_one(".badge")) == "Viewer"
    # where a login lands: the series is listed there too, and no forum is shared
    landing = parse(funder.get("/forums"))
    assert [a["href"] for a in landing.select('[data-testid="shared-series"] a')] == [f"/series/{series_id}"]
    assert not landing.select('[data-testid="shared-forums"]')


def test_a_series_viewer_is_refused_its_forums_and_every_change_with_a_message(app, series_of_two):
    series_id, forum_ids = series_of_two
    viewer_of(app, series_id)
    funder = client_of(app, "funder@example.org")
    for path in (f"/forums/{forum_ids[0]}", f"/forums/{forum_ids[0]}/ideas", f"/forums/{forum_ids[0]}/participants",
                 f"/forums/{forum_ids[1]}/report"):
        refused = funder.get(path)
        assert refused.status_code == 403, path
        assert "You can read the comparison of the series “Annual employment forum”, not its forums." in \
            text_of(parse(refused).select_one("main")), path
        assert CARD not in refused.get_data(as_text=True)
    for path, data in ((f"/series/{series_id}/edit", {"name-en": "Taken over"}),
                       (f"/series/{series_id}/viewers", {"email": "friend@example.org"}),
                       (f"/series/{series_id}/forums/{forum_ids[0]}/remove", {}),
                       (f"/series/{series_id}/delete", {"confirmed": "yes"})):
        refused = funder.post(path, data=data)
        assert refused.status_code == 403, path
        assert "Your role here (viewer) does not allow this page or change." in refused.get_data(as_text=True)
    with app.app_context():
        series = db.session.get(Series, series_id)
        assert series.name.en == "Annual employment forum" and len(series.forums) == 2
    assert rows(app, Invitation) == 0


def test_an_organizer_of_one_edition_reads_only_its_figures_and_shares_nothing(app, series_of_two):
    """Organizing one of its forums opens the series' comparison of that forum only (the other edition counted,
    not named); sharing the series stays its creator's, and a stranger to every edition is refused it."""
    series_id, forum_ids = series_of_two
    user_id = add_organizer(app, "colleague@example.org")
    add_organizer(app, "stranger@example.org")
    with app.app_context():
        db.session.add(Membership(user_id=user_id, forum_id=forum_ids[1], role="organizer"))
        db.session.commit()
    colleague = client_of(app, "colleague@example.org")
    page = colleague.get(f"/series/{series_id}")
    assert page.status_code == 200 and "Forum 2025" not in page.text
    assert [text_of(th) for th in parse(page).select('[data-testid="series-figures"] thead th')] == ["Forum 2026"]
    assert colleague.post(f"/series/{series_id}/viewers", data={"email": "friend@example.org"}).status_code == 403
    assert rows(app, Invitation) == 0
    assert parse(colleague.get(f"/forums/{forum_ids[1]}")).select_one('a[data-testid="forum-series"]')["href"] == \
        f"/series/{series_id}"
    assert client_of(app, "stranger@example.org").get(f"/series/{series_id}").status_code == 404


def test_a_viewer_of_the_organization_holding_every_edition_reads_the_series_and_changes_nothing(app, series_of_two):
    """A funder given the viewer role on the partnership reads each edition already: they read the series'
    comparison too, find it from their forum list and the editions' dashboards, and change nothing. Not
    another creator's series; once an edition leaves the organization, the comparison of the other one."""
    series_id, forum_ids = series_of_two
    partnership_viewer(app, forum_ids)
    other_creator = add_organizer(app, "other@example.org", "Otto Other")
    with app.app_context():
        other = series_service.create_series(db.session.get(User, other_creator), name=Translated("Other series"))
        series_service.add_forum(other, create_forum(db.session.get(User, other_creator), name="Theirs",
                                                     table_count=1))
        other_id = other.id
    funder = client_of(app, "funder@example.org")
    for lang, words in (("en", "You read this comparison through your role on each of its editions. Cora Creator, "
                                "who made the series, chooses its editions."),
                        ("fr", "Vous lisez cette comparaison grâce à votre rôle sur chacune de ses éditions. "
                               "Cora Creator, qui a fait la série, en choisit les éditions.")):
        page = funder.get(f"/series/{series_id}?lang={lang}")
        assert page.status_code == 200
        assert by_test_id(page, "series-read-only") == words
    page = parse(funder.get(f"/series/{series_id}?lang=en"))
    assert [a["href"] for a in page.select('[data-testid="editions"] h3 a')] == [f"/forums/{i}" for i in forum_ids]
    assert not page.select("main form")  # no form of the creator's that would answer 403
    listed = parse(funder.get("/forums?lang=en")).select('[data-testid="shared-series"] a')
    assert [(a["href"], text_of(a)) for a in listed] == [(f"/series/{series_id}", "Annual employment forum")]
    # made by its creator, not shared by them: nobody invited the funder to it
    assert [text_of(p) for p in parse(funder.get("/series?lang=fr")).select('[data-testid="shared-series"] p.muted')] == [
        "2 éditions · Lecteur · créée par Cora Creator"]
    link = parse(funder.get(f"/forums/{forum_ids[0]}")).select_one('a[data-testid="forum-series"]')
    assert link["href"] == f"/series/{series_id}"
    with app.app_context():
        organization_id = db.session.get(Forum, forum_ids[0]).organization_id
    listed = parse(funder.get(f"/organizations/{organization_id}?lang=fr")).select(
        '[data-testid="organization-series"] li')
    assert [(li.a["href"], text_of(li)) for li in listed] == [(f"/series/{series_id}",
                                                               "Annual employment forum · 2 éditions")]
    for path, data in ((f"/series/{series_id}/edit", {"name-en": "Taken over"}),
                       (f"/series/{series_id}/viewers", {"email": "friend@example.org"}),
                       (f"/series/{series_id}/forums/{forum_ids[0]}/remove", {})):
        assert funder.post(path, data=data).status_code == 403, path
    assert funder.get(f"/series/{other_id}").status_code == 404  # not theirs: as if it did not exist
    with app.app_context():
        assert db.session.get(Series, series_id).name.en == "Annual employment forum"
        db.session.get(Forum, forum_ids[1]).organization_id = None
        db.session.commit()
    page = funder.get(f"/series/{series_id}?lang=en")
    assert page.status_code == 200 and "Forum 2026" not in page.text
    assert by_test_id(page, "hidden-editions").startswith("1 edition of this series is not shown")
    assert parse(funder.get("/forums")).select('[data-testid="shared-series"]')
    assert parse(funder.get(f"/forums/{forum_ids[0]}")).select('a[data-testid="forum-series"]')
    assert parse(funder.get(f"/organizations/{organization_id}")).select('[data-testid="organization-series"]')
    with app.app_context():
        db.session.get(Forum, forum_ids[0]).organization_id = None
        db.session.commit()
    assert funder.get(f"/series/{series_id}").status_code == 404  # no role left on any edition
    assert not parse(funder.get("/forums")).select('[data-testid="shared-series"]')
    assert rows(app, Invitation) == 0


def test_a_viewer_who_also_organizes_an_edition_finds_the_series_from_its_dashboard(app, series_of_two):
    series_id, forum_ids = series_of_two
    user_id = viewer_of(app, series_id)
    with app.app_context():
        db.session.add(Membership(user_id=user_id, forum_id=forum_ids[1], role="organizer"))
        db.session.commit()
    funder = client_of(app, "funder@example.org")
    link = parse(funder.get(f"/forums/{forum_ids[1]}")).select_one('a[data-testid="forum-series"]')
    assert link["href"] == f"/series/{series_id}"
    assert funder.get(f"/forums/{forum_ids[0]}").status_code == 403  # still not the other edition


def test_removing_a_viewer_ends_their_access(app, series_of_two):
    series_id, _forums = series_of_two
    viewer_of(app, series_id)
    creator, funder = client_of(app, "creator@example.org"), client_of(app, "funder@example.org")
    assert funder.get(f"/series/{series_id}").status_code == 200
    page = creator.get(f"/series/{series_id}")
    assert "Fran Funder funder@example.org" in by_test_id(page, "viewers")
    form = parse(page).select_one('[data-testid="viewers"] form')
    asked = creator.post(form["action"])
    assert asked.status_code == 200 and "They will no longer see this series' comparison." in \
        text_of(parse(asked).select_one("main"))
    assert rows(app, Membership, Membership.series_id == series_id) == 1  # not before it is confirmed
    assert creator.post(form["action"], data={"confirmed": "yes"}).status_code == 302
    assert rows(app, Membership, Membership.series_id == series_id) == 0
    removed = funder.get(f"/series/{series_id}")  # they knew it: told their role was removed, not 404
    assert removed.status_code == 403 and "You no longer have access to this series' comparison (your role was " \
        "removed)." in text_of(parse(removed).select_one("main"))
    assert not parse(funder.get("/series")).select('[data-testid="shared-series"]')


def test_a_withdrawn_invitation_s_link_no_longer_works(app, series_of_two):
    series_id, _forums = series_of_two
    creator = client_of(app, "creator@example.org")
    creator.post(f"/series/{series_id}/viewers", data={"email": "funder@example.org"})
    page = parse(creator.get(f"/series/{series_id}"))
    link = page.select_one('[data-testid="invitation-link"]')["value"].removeprefix("http://localhost")
    assert page.select_one('[data-testid="mail-off"]')  # mail is off in these tests: the link is to copy
    assert creator.post(page.select_one('[data-testid="invitations"] form')["action"],
                        data={"confirmed": "yes"}).status_code == 302
    assert app.test_client().get(link).status_code == 410
    assert not parse(creator.get(f"/series/{series_id}")).select('[data-testid="invitations"]')


@pytest.mark.parametrize("email, status, message", [
    ("", 422, "This field is required."),
    ("not an address", 422, "Invalid email address."),
    ("creator@example.org", 409, "creator@example.org can read this series already."),
    ("funder@example.org", 409, "funder@example.org can read this series already."),
])
def test_a_bad_invitation_is_refused_on_the_series_page(app, series_of_two, email, status, message):
    series_id, _forums = series_of_two
    viewer_of(app, series_id)
    response = client_of(app, "creator@example.org").post(f"/series/{series_id}/viewers", data={"email": email})
    assert response.status_code == status
    assert message in text_of(parse(response).select_one('[data-testid="invite-form"]'))
    assert parse(response).select_one('[data-testid="series-figures"]')  # the page, with the form's message
    assert rows(app, Invitation) == 0


def test_a_series_has_viewers_only(app_ctx, series_of_two):
    series = db.session.get(Series, series_of_two[0])
    with pytest.raises(ServiceError) as refused:
        members.invite(series, "friend@example.org", "organizer", by=series.owner)
    assert refused.value.status == 422 and db.session.scalar(select(func.count(Invitation.id))) == 0


def test_deleting_the_series_ends_its_viewers_and_invitations(app, series_of_two):
    series_id, forum_ids = series_of_two
    viewer_of(app, series_id)
    creator = client_of(app, "creator@example.org")
    creator.post(f"/series/{series_id}/viewers", data={"email": "other@example.org"})
    assert creator.post(f"/series/{series_id}/delete", data={"confirmed": "yes"}).status_code == 302
    assert rows(app, Membership) == rows(app, Invitation) == 0
    assert rows(app, Forum, Forum.id.in_(forum_ids)) == 2


@pytest.mark.parametrize("lang, untick, done", [
    ("en", "Tick the box to hand the series over.", "Fran Funder now owns this series; you still read its comparison."),
    ("fr", "Cochez la case pour céder la série.",
     "Fran Funder est maintenant propriétaire de cette série ; vous en lisez toujours la comparaison.")])
def test_the_creator_hands_the_series_to_one_of_its_readers_and_keeps_reading_it(app, series_of_two, lang, untick,
                                                                                 done):
    """Its creator leaves the network: a reader of the series becomes its owner, after ticking that they
    understand; the former creator reads it as one of its viewers. Nobody else can be chosen."""
    series_id, _forums = series_of_two
    funder_id = viewer_of(app, series_id)
    other_series, _ = _series_of(app, "other@example.org")
    with app.app_context():
        funder = db.session.scalar(select(Membership.id).filter_by(series_id=series_id, user_id=funder_id))
        elsewhere = db.session.scalar(select(Membership.id).filter_by(series_id=other_series))
    creator = client_of(app, "creator@example.org")
    url = f"/series/{series_id}/owner?lang={lang}"
    options = parse(creator.get(f"/series/{series_id}")).select('[data-testid="series-hand-over"] option')
    assert [option.text for option in options] == ["Fran Funder (funder@example.org)"]
    for refused, message in (({"membership_id": funder}, untick), ({"membership_id": elsewhere, "understood": "y"},
                                                                  None)):
        response = creator.post(url, data=refused)
        assert response.status_code == 422
        if message:
            assert message in text_of(parse(response).select_one('[data-testid="series-hand-over"]'))
    with app.app_context():
        assert db.session.get(Series, series_id).owner.email == "creator@example.org"
    response = creator.post(url, data={"membership_id": funder, "understood": "y"}, follow_redirects=True)
    assert done in text_of(parse(response).select_one("main"))
    assert by_test_id(response, "series-read-only") and not parse(response).select('[data-testid="series-hand-over"]')
    with app.app_context():
        series = db.session.get(Series, series_id)
        assert series.owner_id == funder_id
        assert [(m.user.email, m.role) for m in members.members_of(series)] == [("creator@example.org", "viewer")]
    assert creator.post(url, data={"membership_id": funder, "understood": "y"}).status_code == 403
    assert by_test_id(client_of(app, "funder@example.org").get(f"/series/{series_id}"), "series-hand-over")


@pytest.mark.parametrize("lang, done", [("en", "Forum 2025 removed from the series (the forum is kept)."),
                                        ("fr", "Forum 2025 a été retiré de la série (le forum est conservé).")])
def test_the_new_owner_of_a_handed_over_series_removes_an_edition_they_have_no_role_on(app, series_of_two,
                                                                                      lang, done):
    """Taking an edition out of the series is the series owner's, not the forum's: the forum stays its
    organizers', and the series owner gets no role on it."""
    series_id, forum_ids = series_of_two
    funder_id = viewer_of(app, series_id)
    with app.app_context():
        series_service.hand_over(db.session.get(Series, series_id), db.session.scalar(
            select(Membership).filter_by(series_id=series_id, user_id=funder_id)))
        elsewhere = create_forum(db.session.get(User, funder_id), name="Not an edition", table_count=1).id
        db.session.commit()
    funder = client_of(app, "funder@example.org")
    page = parse(funder.get(f"/series/{series_id}"))
    assert len(page.select('[data-testid="editions"] form[action$="/remove"]')) == 2
    response = funder.post(f"/series/{series_id}/forums/{forum_ids[0]}/remove?lang={lang}", data={"confirmed": "yes"},
                           follow_redirects=True)
    assert response.status_code == 200 and done in text_of(parse(response).select_one("main"))
    assert funder.post(f"/series/{series_id}/forums/{elsewhere}/remove").status_code == 404
    assert funder.get(f"/forums/{forum_ids[0]}").status_code == 404  # no longer in their series
    with app.app_context():
        assert [forum.id for forum in db.session.get(Series, series_id).forums] == [forum_ids[1]]
        assert db.session.get(Forum, forum_ids[0]).owner.email == "creator@example.org"


def test_the_series_page_links_only_the_editions_whose_dashboard_the_reader_may_open(app, series_of_two):
    """After a hand-over the new owner has no role on the editions: their names linked to a 403, and so did
    Start the next edition; a viewer who organizes one edition gets its link."""
    series_id, forum_ids = series_of_two
    funder_id = viewer_of(app, series_id)
    with app.app_context():
        db.session.add(Membership(user_id=funder_id, forum_id=forum_ids[1], role="analyst"))
        series_service.hand_over(db.session.get(Series, series_id), db.session.scalar(
            select(Membership).filter_by(series_id=series_id, user_id=funder_id)))
        db.session.commit()

    def edition_headings(email):
        page = parse(client_of(app, email).get(f"/series/{series_id}"))
        headings = page.select('[data-testid="editions"] h3')
        return ([text_of(h) for h in headings], [h.a["href"] if h.a else None for h in headings],
                bool(page.select('a[href$="/next-edition"]')))

    assert edition_headings("funder@example.org") == (
        ["Forum 2025", "Forum 2026"], [None, f"/forums/{forum_ids[1]}"], False)
    assert edition_headings("creator@example.org") == (  # now a reader of the series, organizer of both forums
        ["Forum 2025", "Forum 2026"], [f"/forums/{forum_ids[0]}", f"/forums/{forum_ids[1]}"], False)
    assert client_of(app, "funder@example.org").get(f"/forums/{forum_ids[1]}").status_code == 200
    # the edition they have no role on is named on their series' page: refused with why, not answered as unknown
    refused = client_of(app, "funder@example.org").get(f"/forums/{forum_ids[0]}")
    assert refused.status_code == 403 and "You can read the comparison of the series" in text_of(
        parse(refused).select_one("main"))


def _series_of(app, creator_email: str) -> tuple[int, int]:
    """Another creator's series with one viewer: (series id, viewer's user id)."""
    creator_id = add_organizer(app, creator_email, "Otto Other")
    with app.app_context():
        series = series_service.create_series(db.session.get(User, creator_id), name=Translated("Other series"))
        series_id = series.id
    return series_id, viewer_of(app, series_id, "reader@example.org")


HIDDEN_NOTE = {
    "en": ("1 edition of this series is not shown: you have no role on it. Ask Cora Creator, who made the series, to "
           "share the whole comparison with you, or that edition's organizers for a role on it.",
           "2 editions of this series are not shown: you have no role on them. Ask Cora Creator, who made the series, "
           "to share the whole comparison with you, or those editions' organizers for a role on them."),
    "fr": ("1 édition de cette série n'est pas affichée : vous n'avez aucun rôle sur elle. Demandez à Cora Creator, "
           "qui a fait la série, de vous partager toute la comparaison, ou aux organisateurs de cette édition un rôle "
           "sur elle.",
           "2 éditions de cette série ne sont pas affichées : vous n'avez aucun rôle sur elles. Demandez à Cora "
           "Creator, qui a fait la série, de vous partager toute la comparaison, ou aux organisateurs de ces éditions "
           "un rôle sur elles."),
}


def test_an_edition_the_funder_has_no_role_on_leaves_them_the_comparison_of_the_others(app, series_of_two):
    """A funder with a role on every edition read the comparison, and lost all of it (403) once the creator added
    an edition they have no role on: they keep the figures of the editions they may read, told plainly how many
    are not shown and whom to ask, never which ones (not even as the edition one of theirs started from); the
    figures' downloads hold the same editions. The creator still reads every edition, with no such note."""
    from tests.xlsx import read_xlsx

    series_id, forum_ids = series_of_two
    partnership_viewer(app, forum_ids)
    olga = add_organizer(app, "olga@example.org", "Olga Other")
    funder = client_of(app, "funder@example.org")
    assert funder.get(f"/series/{series_id}").status_code == 200

    def add_hidden(name: str) -> None:
        with app.app_context():
            hidden = create_forum(db.session.get(User, olga), name=name, table_count=1)
            db.session.commit()
            series_service.add_forum(db.session.get(Series, series_id), hidden)
            db.session.get(Forum, forum_ids[0]).previous_forum_id = hidden.id  # "Started from" it
            db.session.commit()

    def read(client, lang="en"):
        page = client.get(f"/series/{series_id}?lang={lang}")
        assert page.status_code == 200
        columns = [text_of(th) for th in parse(page).select('[data-testid="series-figures"] thead th')]
        notes = [" ".join(text_of(p).split()) for p in parse(page).select('[data-testid="hidden-editions"]')]
        return page.get_data(as_text=True), columns, notes

    add_hidden("Secret Summit 2024")
    for lang in ("en", "fr"):
        text, columns, notes = read(funder, lang)
        assert columns == ["Forum 2025", "Forum 2026"] and notes == [" ".join(HIDDEN_NOTE[lang][0].split())]
        assert "Secret Summit" not in text and CARD not in text
    add_hidden("Secret Summit 2023")
    for lang in ("en", "fr"):
        text, columns, notes = read(funder, lang)
        assert columns == ["Forum 2025", "Forum 2026"] and notes == [" ".join(HIDDEN_NOTE[lang][1].split())]
        assert "Secret Summit" not in text

    listed = funder.get(f"/series/{series_id}/figures.csv")
    assert listed.status_code == 200 and "Secret Summit" not in listed.get_data(as_text=True)
    assert [row[0] for row in csv.reader(io.StringIO(listed.get_data(as_text=True).lstrip("\ufeff")))][1:] == \
        ["Forum 2025", "Forum 2026"]
    book = funder.get(f"/series/{series_id}/figures.xlsx")
    assert book.status_code == 200 and [row[0] for row in read_xlsx(book.data).rows[1:]] == ["Forum 2025", "Forum 2026"]

    creator = client_of(app, "creator@example.org")
    text, columns, notes = read(creator)
    assert sorted(columns) == ["Forum 2025", "Forum 2026", "Secret Summit 2023", "Secret Summit 2024"]
    assert notes == [] and "Started from Secret Summit 2023" in text
    assert len(list(csv.reader(io.StringIO(creator.get(f"/series/{series_id}/figures.csv")
                                           .get_data(as_text=True).lstrip("\ufeff"))))) == 5


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_editions_dashboard_names_the_edition_it_started_from_only_to_a_reader_of_that_one(app, series_of_two,
                                                                                               lang):
    """The series' page never names an edition its reader has no role on, not even as the one an edition of theirs
    started from: the edition's dashboard does not name it either; a reader with a role on both reads its name, as
    before."""
    series_id, forum_ids = series_of_two
    viewer_id = add_organizer(app, "viewer@example.org", "Vic Viewer")
    olga = add_organizer(app, "olga@example.org", "Olga Other")
    with app.app_context():
        db.session.add(Membership(user_id=viewer_id, forum_id=forum_ids[1], role="viewer"))
        hidden = create_forum(db.session.get(User, olga), name="Secret Summit 2024", table_count=1)
        db.session.commit()
        series_service.add_forum(db.session.get(Series, series_id), hidden)
        db.session.get(Forum, forum_ids[1]).previous_forum_id = hidden_id = hidden.id
        db.session.commit()
    viewer = client_of(app, "viewer@example.org")
    page = viewer.get(f"/forums/{forum_ids[1]}?lang={lang}")
    assert page.status_code == 200 and "Secret Summit" not in page.get_data(as_text=True)
    assert 'data-testid="started-from"' not in page.get_data(as_text=True)
    with app.app_context():
        db.session.add(Membership(user_id=viewer_id, forum_id=hidden_id, role="viewer"))
        db.session.commit()
    named = viewer.get(f"/forums/{forum_ids[1]}?lang={lang}")
    assert ("Préparé à partir de Secret Summit 2024" if lang == "fr" else "Started from Secret Summit 2024") in \
        " ".join(by_test_id(named, "started-from").split())


@pytest.mark.parametrize("lang, words", [("en", ("2 editions · Viewer · made by Cora Creator",
                                                  "Annual employment forum · 2 editions")),
                                         ("fr", ("2 éditions · Lecteur · créée par Cora Creator",
                                                 "Annual employment forum · 2 éditions"))])
def test_the_lists_of_series_count_only_the_editions_the_reader_reads(app, series_of_two, lang, words):
    """A reader through their roles on some editions sees, on the series index and on their organization's page,
    the count of the editions they may read; the series page alone says how many are left out. The creator and
    the viewers they invited read, and count, every edition."""
    series_id, forum_ids = series_of_two
    organization_id = partnership_viewer(app, forum_ids)
    olga = add_organizer(app, "olga@example.org", "Olga Other")
    with app.app_context():
        for name in ("Secret Summit 2023", "Secret Summit 2024"):
            hidden = create_forum(db.session.get(User, olga), name=name, table_count=1)
            db.session.commit()
            series_service.add_forum(db.session.get(Series, series_id), hidden)
    viewer_of(app, series_id, "invited@example.org")
    funder = client_of(app, "funder@example.org")
    shared, listed = words
    assert [text_of(p) for p in parse(funder.get(f"/series?lang={lang}")).select(
        '[data-testid="shared-series"] p.muted')] == [shared]
    assert [text_of(li) for li in parse(funder.get(f"/organizations/{organization_id}?lang={lang}")).select(
        '[data-testid="organization-series"] li')] == [listed]
    assert by_test_id(funder.get(f"/series/{series_id}?lang={lang}"), "hidden-editions").startswith(
        HIDDEN_NOTE[lang][1][:40])
    every = "4 editions" if lang == "en" else "4 éditions"
    assert by_test_id(client_of(app, "creator@example.org").get(f"/series?lang={lang}"), "series-editions") == every
    assert [text_of(p).split(" · ")[0] for p in parse(client_of(app, "invited@example.org").get(
        f"/series?lang={lang}")).select('[data-testid="shared-series"] p.muted')] == [every]


def test_the_list_of_series_and_the_comparison_count_the_same_editions_for_every_reader(app, series_of_two,
                                                                                        monkeypatch):
    """The count a list of series shows (``edition_counts``) and the editions the comparison shows
    (``comparison_forums``) come from one rule (``reads_in_comparison``): for the creator, an invited viewer, a
    member of an organization holding one edition only, and someone with no role, they agree; a change of that rule
    changes both."""
    from sqlalchemy import false

    series_id, forum_ids = series_of_two
    invited = viewer_of(app, series_id)
    member = add_organizer(app, "member@example.org", "Mo Member")
    stranger = add_organizer(app, "stranger@example.org", "Sam Stranger")
    with app.app_context():
        db.session.add(Organization(name="Partnership", forums=[db.session.get(Forum, forum_ids[0])],
                                    memberships=[Membership(user_id=member, role="viewer")]))
        db.session.commit()
        series = db.session.get(Series, series_id)
        readers = {"creator": series.owner_id, "invited": invited, "member": member, "stranger": stranger}
        seen = {}
        for who, user_id in readers.items():
            shown, hidden = series_service.comparison_forums(series, user_id)
            assert series_service.edition_counts([series], user_id) == {series_id: len(shown)}
            seen[who] = (len(shown), hidden)
        assert seen == {"creator": (2, 0), "invited": (2, 0), "member": (1, 1), "stranger": (0, 2)}

        monkeypatch.setattr(series_service, "reads_in_comparison", lambda user_id: false())
        assert series_service.comparison_forums(series, series.owner_id) == ([], 2)
        assert series_service.edition_counts([series], series.owner_id) == {series_id: 0}


def test_a_member_removed_from_a_forum_who_still_reads_its_series_is_pointed_to_the_comparison(app, series_of_two):
    """Removed from the forum but still a viewer of its series: the series-only message (read the comparison), not
    "your role was removed", which leaves out what they may still read."""
    series_id, forum_ids = series_of_two
    funder_id = viewer_of(app, series_id)
    with app.app_context():
        membership = Membership(user_id=funder_id, forum_id=forum_ids[0], role="viewer")
        db.session.add(membership)
        db.session.commit()
        members.remove_member(membership)
    refused = client_of(app, "funder@example.org").get(f"/forums/{forum_ids[0]}")
    assert refused.status_code == 403
    said = text_of(parse(refused).select_one("main"))
    assert "You can read the comparison of the series “Annual employment forum”, not its forums." in said
    assert "your role was removed" not in said
