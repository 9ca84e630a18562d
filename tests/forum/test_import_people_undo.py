"""Undoing an import of a registration list or of steering committee sign-ups: the message after the import
links to a page counting what goes and showing ten, a confirm deletes them, a second tap reads "deleted
already"; a sign-up the organizers made a committee member's record since stays, whole, and the page says so."""
from __future__ import annotations

import io

import pytest

from forum.extensions import db
from forum.models import ActionItem, Participant, SteeringSignup, Translated
from forum.services.committee import issue_link
from tests.html import by_test_id, parse, text_of


def upload(client, forum_id, content: bytes, kind: str, lang: str = "en"):
    return client.post(f"/forums/{forum_id}/import?lang={lang}", content_type="multipart/form-data",
                       data={"kind": kind, "file": (io.BytesIO(content), "people.csv")})


def confirm(client, forum_id, page) -> None:
    form = parse(page).select_one('form[action$="/import/confirm"]')
    client.post(f"/forums/{forum_id}/import/confirm",
                data={field["name"]: field["value"] for field in form.select("input[type=hidden]")})


def undo_link(client, forum_id, lang="en") -> str:
    dashboard = parse(client.get(f"/forums/{forum_id}?lang={lang}"))
    link = dashboard.find("a", string="Undo this import" if lang == "en" else "Annuler cette importation")
    assert link is not None
    return link["href"]


def flashes(client, forum_id, lang="en") -> str:
    return text_of(parse(client.get(f"/forums/{forum_id}/import?lang={lang}")).select_one(".flashes"))


REGISTRATIONS = "name,organization,email,shares_contact\n" + "".join(
    f"Person {n:02d},Org {n},p{n}@example.org,{'yes' if n % 2 else 'no'}\n" for n in range(1, 13))


def test_a_registration_list_import_is_undone_from_its_message_and_the_file_imported_again(client, forum_id,
                                                                                            count):
    """12 people imported from the wrong file: the page counts 12, shows ten, and deletes those 12 (not the person
    of an earlier import), who leave the attendee list too; a second tap says they were deleted already; the
    file imports again."""
    confirm(client, forum_id, upload(client, forum_id, b"name,email\nEarlier Person,early@example.org\n",
                                     "registrations"))
    confirm(client, forum_id, upload(client, forum_id, REGISTRATIONS.encode(), "registrations"))
    assert count(Participant, Participant.registered.is_(True)) == 13
    href = undo_link(client, forum_id)
    assert "kind=registrations" in href
    page = client.get(href)
    assert page.status_code == 200
    assert by_test_id(page, "undo-count").startswith("12 people of this import are still on the registration list.")
    assert [text_of(li) for li in parse(page).select("[data-testid=undo-people] li")] == [
        f"Person {n:02d} (Org {n}) — p{n}@example.org" for n in range(1, 11)]
    assert "and 2 more" in text_of(parse(page).main)
    button = parse(page).find("button", string="Delete the 12 imported people")
    response = client.post(button.find_parent("form")["action"])
    # back to the import of a registration list, to import the corrected file (not to the idea cards')
    assert response.status_code == 302 and response.location == f"/forums/{forum_id}/import?kind=registrations"
    landed = parse(client.get(response.location))
    assert landed.select_one("select[name=kind] option[selected]")["value"] == "registrations"
    assert "12 imported people were deleted from the registration list" in text_of(landed.select_one(".flashes"))
    assert count(Participant) == 1 and count(Participant, Participant.name == "Earlier Person") == 1
    attendees = client.get(f"/forums/{forum_id}/participants/attendees.csv").get_data(as_text=True)
    assert "Person 01" not in attendees

    client.post(button.find_parent("form")["action"])  # a second tap
    assert "The people of this import were deleted already." in flashes(client, forum_id)
    assert count(Participant) == 1
    assert by_test_id(client.get(href), "undo-count") == "The people of this import were deleted already."
    again = upload(client, forum_id, REGISTRATIONS.encode(), "registrations")
    assert by_test_id(again, "valid-count").startswith("12 ")


def test_the_undo_of_a_registration_list_reads_in_french(client, forum_id):
    confirm(client, forum_id, upload(client, forum_id, b"name,email\nAna,ana@example.org\nBo,bo@example.org\n",
                                     "registrations"))
    page = client.get(undo_link(client, forum_id, "fr") + "&lang=fr")
    assert by_test_id(page, "undo-count").startswith(
        "2 personnes de cette importation sont encore sur la liste d'inscription.")
    button = parse(page).find("button", string="Supprimer les 2 personnes importées")
    client.post(button.find_parent("form")["action"])
    assert "2 personnes importées ont été supprimées de la liste d'inscription" in flashes(client, forum_id, "fr")
    client.post(button.find_parent("form")["action"])
    assert "Les personnes de cette importation ont déjà été supprimées." in flashes(client, forum_id, "fr")


SIGNUPS = ("Nom complet;Courriel;Organisme;owner_role\r\n"
           "Amina Diallo;amina@example.org;COSTI;oui\r\n"
           "Chen Li;chen@example.org;;yes\r\n"
           "Dana Roy;dana@example.org;ACCES;no\r\n").encode("cp1252")


def import_signups(client, forum_id):
    """Sign-ups collected on paper, with the spreadsheet's French column names: matched on the column page."""
    page = upload(client, forum_id, SIGNUPS, "signups")
    form = parse(page).select_one('form[action$="/import/columns"]')
    fields = {field["name"]: field["value"] for field in form.select("input[type=hidden]")}
    choices = {f"column-{n}": field for n, field in enumerate(["name", "email", "organization", "owner_role"])}
    assert {select["name"]: select.select_one("option[selected]")["value"]
            for select in form.select("select")} == choices  # the consent by its own column name only
    checked = client.post(f"/forums/{forum_id}/import/columns", data={**fields, **choices})
    assert by_test_id(checked, "valid-count").startswith("3 ")
    confirm(client, forum_id, checked)


def signups(in_app):
    return in_app(lambda: [(s.name, s.email, s.consents_to_owner_role) for s in db.session.scalars(
        db.select(SteeringSignup).order_by(SteeringSignup.id))])


def test_a_sign_up_import_is_undone_and_those_made_committee_members_since_stay_whole(client, forum_id, app,
                                                                                      in_app, count):
    import_signups(client, forum_id)
    assert signups(in_app) == [("Amina Diallo", "amina@example.org", True), ("Chen Li", "chen@example.org", True),
                               ("Dana Roy", "dana@example.org", False)]
    href = undo_link(client, forum_id)
    assert "kind=signups" in href
    with app.app_context():  # since the import: Amina was given a committee link, Chen owns an action item
        amina, chen = (db.session.scalar(db.select(SteeringSignup).where(SteeringSignup.email == email))
                       for email in ("amina@example.org", "chen@example.org"))
        issue_link(amina)
        db.session.add(ActionItem(forum_id=forum_id, title=Translated("Mentoring circles"), owner_signup_id=chen.id))
        db.session.commit()
    page = client.get(href)
    assert by_test_id(page, "undo-count").startswith(
        "1 steering committee sign-up of this import is still here, with nothing attached to it since.")
    assert [text_of(li) for li in parse(page).select("[data-testid=undo-people] li")] == [
        "Dana Roy (ACCES) — dana@example.org"]
    kept = parse(page).select_one("[data-testid=undo-kept]")
    assert [text_of(li) for li in kept.select("li")] == [
        "Amina Diallo — amina@example.org: a committee link was made for them",
        "Chen Li — chen@example.org: the action plan names them"]
    assert ("2 sign-ups of this import became committee members' records since: they are not deleted, and keep what "
            "was attached to them since.") in text_of(kept)
    button = parse(page).find("button", string="Delete the 1 imported sign-up")
    response = client.post(button.find_parent("form")["action"])
    assert response.location == f"/forums/{forum_id}/import?kind=signups"
    said = flashes(client, forum_id)
    assert "1 imported steering committee sign-up was deleted" in said
    assert "2 sign-ups of this import stay on the committee, with what was attached to them since: Amina Diallo, " \
        "Chen Li." in said  # one only for a link, the other only because the plan names it
    assert signups(in_app) == [("Amina Diallo", "amina@example.org", True), ("Chen Li", "chen@example.org", True)]
    with app.app_context():  # kept whole: the link still works, the item still has its owner
        amina = db.session.scalar(db.select(SteeringSignup).where(SteeringSignup.email == "amina@example.org"))
        assert amina.committee_link_active and amina.committee_link_version == 1
        assert db.session.scalar(db.select(ActionItem)).owner.name == "Chen Li"

    client.post(button.find_parent("form")["action"])  # a second tap deletes nothing and says so (in French here)
    said = flashes(client, forum_id, "fr").replace("\u00a0", " ")
    assert said.startswith("Il ne restait aucune inscription de cette importation à supprimer.")
    assert ("2 inscriptions de cette importation restent au comité, avec ce qui s'y est rattaché depuis : Amina "
            "Diallo, Chen Li.") in said
    assert count(SteeringSignup) == 2
    assert by_test_id(client.get(href + "&lang=en"), "undo-count") == "No sign-up of this import was left to delete."


def test_what_stays_is_decided_when_the_undo_is_confirmed(client, forum_id, app, in_app):
    """The page was read before a co-organizer made Amina's committee link: the deletion still keeps her."""
    import_signups(client, forum_id)
    page = client.get(undo_link(client, forum_id))
    button = parse(page).find("button", string="Delete the 3 imported sign-ups")
    with app.app_context():
        issue_link(db.session.scalar(db.select(SteeringSignup).where(SteeringSignup.email == "amina@example.org")))
    client.post(button.find_parent("form")["action"])
    assert [name for name, _email, _owner in signups(in_app)] == ["Amina Diallo"]
    assert "2 imported steering committee sign-ups were deleted" in flashes(client, forum_id)


def test_the_undo_of_sign_ups_reads_in_french(client, forum_id, app):
    import_signups(client, forum_id)
    with app.app_context():
        issue_link(db.session.scalar(db.select(SteeringSignup).where(SteeringSignup.email == "amina@example.org")))
    page = client.get(undo_link(client, forum_id, "fr") + "&lang=fr")
    assert by_test_id(page, "undo-count").startswith(
        "2 inscriptions au comité directeur de cette importation sont encore là")
    kept = text_of(parse(page).select_one("[data-testid=undo-kept]"))
    assert "Amina Diallo — amina@example.org : un lien du comité a été créé pour cette personne" in kept
    button = parse(page).find("button", string="Supprimer les 2 inscriptions importées")
    client.post(button.find_parent("form")["action"])
    assert "2 inscriptions au comité directeur importées ont été supprimées" in flashes(client, forum_id, "fr")


def test_a_sign_up_list_skips_addresses_signed_up_and_needs_an_address(client, forum_id, app, count):
    """An address already signed up (on a phone, in any case, even withdrawn since) is skipped: an import never
    signs up again someone who withdrew. Every row needs an address; a file without one asks for its column."""
    import datetime
    with app.app_context():
        db.session.add_all([SteeringSignup(forum_id=forum_id, client_id="phone-1", name="Amina", email="Amina@Example.org"),
                            SteeringSignup(forum_id=forum_id, client_id="phone-2", name="Gone", email="gone@example.org",
                                           withdrawn_at=datetime.datetime(2026, 1, 1))])
        db.session.commit()
    page = upload(client, forum_id, b"name,email\nAmina D,amina@example.org\nGone,gone@example.org\n"
                                    b"New One,new@example.org\nNo Address,\n", "signups")
    assert by_test_id(page, "valid-count").startswith("1 ")
    assert "2 already imported" in text_of(parse(page).main)
    assert "the email address is empty: the committee reaches its members by it" in text_of(parse(page).main)
    confirm(client, forum_id, page)
    assert count(SteeringSignup) == 3

    page = upload(client, forum_id, b"name,organization\nAna,COSTI\n", "signups")
    form = parse(page).select_one('form[action$="/import/columns"]')
    fields = {field["name"]: field["value"] for field in form.select("input[type=hidden]")}
    again = client.post(f"/forums/{forum_id}/import/columns", data={**fields, "column-0": "name",
                                                                    "column-1": "organization"})
    assert again.status_code == 422
    assert ("Choose the column that holds the people's e-mail addresses: the steering committee reaches its "
            "members by them.") in text_of(parse(again).main)
    assert count(SteeringSignup) == 3


@pytest.mark.parametrize("kind, said", [
    ("registrations", "The people of this import were deleted already."),
    ("signups", "The sign-ups of this import were deleted already."),
])
def test_an_undo_address_of_no_import_of_people_says_so_and_deletes_nothing(client, forum_id, app, count, kind,
                                                                            said):
    """An old link (the import undone from another tab), or a time that names no import: the page and the
    button say there is nothing left, and no card, response or person of another import goes."""
    confirm(client, forum_id, upload(client, forum_id, b"name,email\nAna,ana@example.org\n", kind))
    address = f"/forums/{forum_id}/import/undo?at=2026-12-05T10:00:00&kind={kind}"
    page = client.get(address)
    assert page.status_code == 200 and by_test_id(page, "undo-count") == said
    assert not parse(page).select("[data-testid=undo-people]")
    client.post(address)
    assert said in flashes(client, forum_id)
    assert count(Participant) + count(SteeringSignup) == 1
    assert client.get(f"/forums/{forum_id}/import/undo?at=not-a-time&kind={kind}").status_code == 404
    assert client.get(f"/forums/{forum_id}/import/undo?at=2026-12-05T10:00:00%2B00:00&kind={kind}").status_code == 404
