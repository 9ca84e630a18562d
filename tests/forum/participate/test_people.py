"""The steering-committee sign-up, consent to share contact details, the attendee list and
the registration-list import."""
import csv
import datetime
import io

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import ActionItem, Forum, Participant, SteeringSignup, Translated
from tests.html import parse, text_of

from .conftest import Phone


def signups(app, forum_id):
    with app.app_context():
        return [(s.name, s.email, s.withdrawn_at is None) for s in db.session.scalars(
            select(SteeringSignup).where(SteeringSignup.forum_id == forum_id).order_by(SteeringSignup.id))]


def test_steering_signup_is_named_changeable_and_apart_from_answers(app, phone, forum_setup, client):
    device = phone()
    page = device.get("steering-committee")
    assert parse(page).select("label[for=email]") and "kept apart from the anonymous evaluation answers" in page.text
    missing = device.send("steering-committee", name="", email="not-an-email")
    assert missing.status_code == 422 and set(missing.json["errors"]) == {"name", "email"}
    assert device.send("steering-committee", name="Ana Ruiz", email="ana@example.org",
                       organization="ACCES").status_code == 200
    updated = device.send("steering-committee", name="Ana Ruiz", email="ana.ruiz@example.org")
    assert updated.json["message"] == "Your sign-up is updated."
    assert signups(app, forum_setup["id"]) == [("Ana Ruiz", "ana.ruiz@example.org", True)]
    assert "You signed up for the steering committee" in device.get().text
    listing = client.get(f"/forums/{forum_setup['id']}/participants")
    assert "ana.ruiz@example.org" in listing.text
    csv_file = client.get(f"/forums/{forum_setup['id']}/participants/steering-committee.csv")
    assert csv_file.mimetype == "text/csv" and "Ana Ruiz" in csv_file.text
    asked = device.post("steering-committee/withdraw")  # asks first, saying what it undoes
    assert asked.status_code == 200 and "You can sign up again later." in asked.text
    assert signups(app, forum_setup["id"]) == [("Ana Ruiz", "ana.ruiz@example.org", True)]
    assert device.post("steering-committee/withdraw", data={"confirmed": "yes"}).status_code == 302
    assert signups(app, forum_setup["id"]) == [("Ana Ruiz", "ana.ruiz@example.org", False)]
    assert "ana.ruiz@example.org" not in client.get(f"/forums/{forum_setup['id']}/participants").text
    # Signing up again after withdrawing reuses the same record.
    device.send("steering-committee", name="Ana Ruiz", email="ana@example.org")
    assert signups(app, forum_setup["id"]) == [("Ana Ruiz", "ana@example.org", True)]


def test_only_signups_who_agree_can_be_chosen_as_action_owners(app, phone, forum_setup, client):
    agrees, declines = phone(), phone()
    assert "owner of an action item" in agrees.get("steering-committee").text
    agrees.send("steering-committee", name="Ana Ruiz", email="ana@example.org", consents_to_owner_role="y")
    declines.send("steering-committee", name="Bo Chen", email="bo@example.org")
    with app.app_context():
        consent = dict(db.session.execute(select(SteeringSignup.name, SteeringSignup.consents_to_owner_role)).all())
    assert consent == {"Ana Ruiz": True, "Bo Chen": False}
    owners = client.get(f"/forums/{forum_setup['id']}/actions").text
    assert "Ana Ruiz" in owners and "Bo Chen" not in owners
    # Changing one's mind later is honoured.
    agrees.send("steering-committee", name="Ana Ruiz", email="ana@example.org")
    assert "Ana Ruiz" not in client.get(f"/forums/{forum_setup['id']}/actions").text


def test_withdrawing_asks_first_and_says_it_ends_the_link_and_the_items_ownership(app, phone, forum_setup):
    owner = phone()
    owner.send("steering-committee", name="Ana Ruiz", email="ana@example.org", consents_to_owner_role="y")
    with app.app_context():
        signup = db.session.scalar(select(SteeringSignup))
        signup.committee_link_version = 1
        db.session.add_all([ActionItem(forum_id=forum_setup["id"], title=Translated(f"Item {n}"),
                                       owner_signup_id=signup.id, status=status)
                            for n, status in enumerate(("not_started", "in_progress", "done"))])
        db.session.commit()
    asked = owner.post("steering-committee/withdraw?lang=fr")
    page = parse(asked)
    assert asked.status_code == 200 and text_of(page.select_one("h1")) == "Retirer votre inscription ?"  # text_of reads a no-break space as a space
    assert text_of(page.select_one("main p")) == (  # the item done stays hers: only the open ones go back
        "Les organisateurs ne vous compteront plus au comité directeur. Votre lien de comité cessera de "
        "fonctionner. Vos 2 actions en cours retournent aux organisateurs, qui leur cherchent de nouveaux "
        "responsables ; l'historique du plan d'action dit que vous les avez rendues. L'historique du plan d'action "
        "garde votre nom, et le forum garde une trace codée de votre adresse (pas l'adresse elle-même), pour qu'une "
        "importation d'inscriptions par les organisateurs ne vous ajoute pas de nouveau. Effacer les données de ce téléphone efface aussi cette trace. Vous pourrez vous "
        "réinscrire plus tard.")
    assert page.select_one("a.brand")["href"] == f"/p/{owner.code}/"  # the participant's layout
    assert page.select_one("main a.button")["href"] == f"/p/{owner.code}/steering-committee"
    assert signups(app, forum_setup["id"]) == [("Ana Ruiz", "ana@example.org", True)]


def test_withdrawing_from_the_phone_gives_the_open_items_back_as_leaving_from_the_committee_page(
        app, phone, forum_setup, client):
    """Withdrawing the sign-up on the phone and leaving from the committee page are one way out
    (committee.withdraw_member): the open items lose their owner with "gave it back" in their history under the
    member's name, the items done or carried over stay hers, and the organizers see the same in both cases."""
    owner = phone()
    owner.send("steering-committee", name="Ana Ruiz", email="ana@example.org", consents_to_owner_role="y")
    with app.app_context():
        signup = db.session.scalar(select(SteeringSignup))
        signup.committee_link_version = 1
        items = [ActionItem(forum_id=forum_setup["id"], title=Translated(title), owner_signup_id=signup.id,
                            status=status, position=n)
                 for n, (title, status) in enumerate((("Mentoring pilot", "not_started"),
                                                      ("Placement fund", "in_progress"), ("Job fair", "done")))]
        db.session.add_all(items)
        db.session.commit()
        signup_id, (soon, late, done) = signup.id, [item.id for item in items]
    assert owner.post("steering-committee/withdraw", data={"confirmed": "yes"}).status_code == 302
    with app.app_context():
        assert db.session.get(SteeringSignup, signup_id).withdrawn_at is not None
        assert db.session.get(ActionItem, soon).owner_signup_id is None
        assert db.session.get(ActionItem, late).owner_signup_id is None
        assert db.session.get(ActionItem, done).owner_signup_id == signup_id
        assert [(c.kind, c.author_signup_id) for c in db.session.get(ActionItem, late).changes] == [
            ("given_back", signup_id)]
        assert not db.session.get(ActionItem, done).changes
    history = parse(client.get(f"/forums/{forum_setup['id']}/actions/{late}?lang=en"))
    [line] = [text_of(li) for li in history.select("[data-testid=change]")]
    assert "Gave the item back to the organizers, who look for a new owner" in line and "Ana Ruiz" in line
    # withdrawn again (a second tab): nothing more is written
    assert owner.post("steering-committee/withdraw", data={"confirmed": "yes"}).status_code == 302
    with app.app_context():
        assert len(db.session.get(ActionItem, late).changes) == 1


def test_contact_sharing_needs_explicit_consent_and_reciprocity(app, phone, forum_setup, client):
    sharer, other = phone(), phone()
    assert other.get("attendees").status_code == 403
    incomplete = sharer.send("contact", share=True, name="", email="")
    assert incomplete.status_code == 422 and set(incomplete.json["errors"]) == {"name", "email"}
    # Name and email given without ticking the consent box: nothing is shared.
    sharer.send("contact", name="Kim Lee", email="kim@example.org")
    assert "kim@example.org" not in client.get(f"/forums/{forum_setup['id']}/participants").text
    assert sharer.send("contact", share=True, name="Kim Lee", organization="City", email="kim@example.org") \
        .status_code == 200
    page = sharer.get("attendees")
    assert page.status_code == 200 and "kim@example.org" in page.text
    assert other.get("attendees").status_code == 403
    assert "kim@example.org" in client.get(f"/forums/{forum_setup['id']}/participants").text
    # Withdrawing consent takes the person off every list.
    sharer.send("contact", share=False)
    assert "kim@example.org" not in client.get(f"/forums/{forum_setup['id']}/participants/attendees.csv").text
    assert sharer.get("attendees").status_code == 403


def test_a_signed_up_phone_reads_the_catalogs_inclusive_french(phone):
    device = phone()
    device.send("steering-committee", name="Ana Ruiz", email="ana@example.org")
    page = parse(device.get("steering-committee?lang=fr"))
    assert text_of(page.select_one(".flash-success")) == (
        "Vous êtes inscrit·e. Vous pouvez modifier vos coordonnées ou retirer votre inscription.")
    assert "Vous êtes inscrit·e au comité directeur" in text_of(parse(device.get("?lang=fr")))


def test_the_contact_page_starts_from_what_the_phone_gave_the_steering_committee(phone):
    """Name, organization and e-mail of this phone's sign-up are filled in; nothing is shared until ticked."""
    signed, withdrawn, other = phone(), phone(), phone()
    signed.send("about-you", name="Émilie Tremblay", organization="Centre d'accueil")
    signed.send("steering-committee", name="Émilie T.", organization="CANA", email="emilie@example.org")
    withdrawn.send("steering-committee", name="Bo Chen", email="bo@example.org")
    withdrawn.post("steering-committee/withdraw", data={"confirmed": "yes"})

    def fields(device):
        page = parse(device.get("contact?lang=fr"))
        values = {name: page.select_one(f"input[name={name}]").get("value", "")
                  for name in ("name", "organization", "email")}
        return values, page.select_one("input[name=share]").has_attr("checked")

    # What the participant gave on "About you" stays; the sign-up fills what is missing.
    assert fields(signed) == ({"name": "Émilie Tremblay", "organization": "Centre d'accueil",
                               "email": "emilie@example.org"}, False)
    assert fields(withdrawn) == ({"name": "", "organization": "", "email": ""}, False)
    assert fields(other) == ({"name": "", "organization": "", "email": ""}, False)
    signed.send("contact", share=True, name="Émilie Tremblay", email="emilie.t@example.org")
    assert fields(signed)[0]["email"] == "emilie.t@example.org"  # its own e-mail, once given, wins


def upload(client, forum_id, content):
    return client.post(f"/forums/{forum_id}/import", content_type="multipart/form-data",
                       data={"kind": "registrations", "file": (io.BytesIO(content.encode()), "list.csv")})


def test_registration_list_import_and_consented_registrants_on_the_attendee_list(app, client, forum_setup):
    content = ("name,organization,email,group,shares_contact\n"
               "Amina Yusuf,ACME Inc,amina@example.org,Employers,yes\n"
               "Bo Chen,City,bo@example.org,government,no\n"
               "Carla Díaz,,,,\n"
               ",No name,x@example.org,,\n"
               "Dev Patel,X,not-an-email,,\n"
               "Eve,Y,eve@example.org,Astronauts,\n"
               "Fay,Z,fay@example.org,,maybe\n")
    preview = upload(client, forum_setup["id"], content)
    assert preview.status_code == 200
    for problem in ("the name is empty", "is not an email address", "unknown stakeholder group",
                    "is not yes or no"):
        assert problem in preview.text
    with app.app_context():
        assert db.session.scalar(select(func.count(Participant.id))) == 0  # nothing written yet
    packed = parse(preview).select_one("input[type=hidden][name=content]")["value"]
    confirm = client.post(f"/forums/{forum_setup['id']}/import/confirm",
                          data={"kind": "registrations", "content": packed})
    assert confirm.status_code == 302
    with app.app_context():
        people = db.session.scalars(select(Participant).order_by(Participant.name)).all()
        assert [(p.name, p.registered, p.shares_contact) for p in people] == [
            ("Amina Yusuf", True, True), ("Bo Chen", True, False), ("Carla Díaz", True, False)]
    listing = client.get(f"/forums/{forum_setup['id']}/participants")
    assert "amina@example.org" in listing.text and "bo@example.org" not in listing.text
    figures = {text_of(figure.select_one(".label")): text_of(figure.select_one(".value"))
               for figure in parse(listing).select(".figure")}
    assert figures["on the registration list"] == "3"
    # Importing the same list again adds nobody.
    assert "3 already imported" in upload(client, forum_setup["id"], content).text


def test_participants_page_shows_join_code_link_and_qr(client, forum_setup):
    page = client.get(f"/forums/{forum_setup['id']}/participants")
    assert forum_setup["code"] in page.text
    assert f"/join?code={forum_setup['code']}" in page.text
    assert parse(page).select('svg.qr[role="img"]')


def test_other_organizers_cannot_see_participants(client, forum_setup, make_organizer, auth):
    make_organizer("other@example.org")
    auth.logout()
    auth.login("other@example.org")
    for path in ("participants", "participants/attendees.csv", "participants/steering-committee.csv",
                 "evaluation", "evaluation/results", "votes"):
        assert client.get(f"/forums/{forum_setup['id']}/{path}").status_code == 404, path  # as if it did not exist
    assert client.get("/forums/99999/participants").status_code == 404


def test_unjoined_phone_cannot_sign_up(app, forum_setup):
    stranger = Phone(app, forum_setup["code"])
    assert stranger.send("steering-committee", name="X", email="x@example.org").status_code == 403
    assert signups(app, forum_setup["id"]) == []


def test_the_steering_csv_names_groups_in_the_organizers_language(app, phone, forum_setup, client):
    with app.app_context():
        employers = next(g.id for g in db.session.get(Forum, forum_setup["id"]).groups if g.key == "employers")
    phone().send("steering-committee", name="Ana Ruiz", email="ana@example.org", group_id=employers)
    url = f"/forums/{forum_setup['id']}/participants/steering-committee.csv"
    assert "Employers" in client.get(url, query_string={"lang": "en"}).text
    assert "Employeurs" in client.get(url, query_string={"lang": "fr"}).text


def described_by(page, name: str) -> str:
    """The text a screen reader reads after the label of the control named ``name``."""
    doc = parse(page)
    ids = doc.select_one(f"input[name={name}]").get("aria-describedby", "").split()
    return " ".join(text_of(doc.find(id=i)) for i in ids)


def test_the_hint_under_a_consent_box_is_read_with_the_box(phone):
    device = phone()
    assert described_by(device.get("steering-committee"), "consents_to_owner_role").startswith(
        "Owners are named in the action plan")
    assert described_by(device.get("contact"), "wants_news").startswith("Only the email is needed for this")


def test_name_organization_and_email_are_marked_for_the_phones_autofill(phone):
    device = phone()
    for path in ("about-you", "steering-committee", "contact"):
        fields = parse(device.get(path)).select("input[name=name], input[name=organization], input[name=email]")
        assert {f["name"]: f["autocomplete"] for f in fields} == {
            "name": "name", "organization": "organization", **({"email": "email"} if path != "about-you" else {})}


def test_a_name_that_shows_nothing_is_no_name(app, phone, forum_setup):
    """Spaces and zero-width characters alone do not sign anyone up, as JSON or as a form, in
    either language; an override in a name is left out, so that it cannot turn the list around."""
    device = phone()
    for language, message in (("en", "Give your name."), ("fr", "Indiquez votre nom.")):
        refused = device.post(f"steering-committee?lang={language}",
                              json={"client_id": "a1b2c3d4e5", "name": "   \u200b  ", "email": "kim@example.org"})
        assert refused.status_code == 422 and refused.json["errors"]["name"] == [message]
        page = device.post(f"steering-committee?lang={language}",
                           data={"client_id": "a1b2c3d4e5", "name": "\u200b\u2060", "email": "kim@example.org"})
        assert page.status_code == 422 and message in text_of(parse(page.text))
    assert signups(app, forum_setup["id"]) == []
    assert device.send("steering-committee", name="\u202eKim\u202c Lê", email="kim@example.org").status_code == 200
    assert device.send("steering-committee", name="سارة\u200f Ali", email="sara@example.org").status_code == 200
    assert signups(app, forum_setup["id"]) == [("سارة\u200f Ali", "sara@example.org", True)]


def test_the_steering_csv_gives_sign_up_times_on_the_forums_clock(app, phone, forum_setup, client):
    with app.app_context():
        db.session.get(Forum, forum_setup["id"]).time_zone = "America/Vancouver"
        db.session.commit()
    phone().send("steering-committee", name="Ana Ruiz", email="ana@example.org")
    with app.app_context():
        signup = db.session.scalar(select(SteeringSignup).where(SteeringSignup.forum_id == forum_setup["id"]))
        signup.created_at = datetime.datetime(2026, 12, 5, 2, 30)  # stored in UTC: the 4th, 18:30 in Vancouver
        db.session.commit()
    url = f"/forums/{forum_setup['id']}/participants/steering-committee.csv"
    english = list(csv.reader(io.StringIO(client.get(url, query_string={"lang": "en"}).text)))
    assert english[0][-1] == "Signed up (America/Vancouver)" and english[1][-1] == "2026-12-04 18:30"
    french = list(csv.reader(io.StringIO(client.get(url, query_string={"lang": "fr"}).text)))
    assert french[0][-1] == "Inscription (America/Vancouver)"


def test_saying_yes_to_help_in_the_evaluation_leads_to_the_sign_up(app, phone, forum_setup, client):
    """The evaluation is anonymous: its "I want to help implement the outcomes" cannot be traced back, so
    the phone that said it is asked to sign up, and the organizer sees how many said it."""
    helper, other = phone(), phone()
    assert helper.send("evaluation", q_rating=4, q_wants_involvement="yes").status_code == 200
    assert other.send("evaluation", q_rating=3, q_wants_involvement="no").status_code == 200
    assert not parse(other.get()).select_one('[data-testid="offered-help"]')
    nudge = parse(helper.get("?lang=fr")).select_one('[data-testid="offered-help"]')
    assert "Votre évaluation est anonyme" in text_of(nudge)
    assert nudge.select_one("a.button")["href"] == f"/p/{helper.code}/steering-committee"
    roster = parse(client.get(f"/forums/{forum_setup['id']}/steering"))
    assert text_of(roster.select_one('[data-testid="help-offered"]')).startswith(
        "In the evaluation, 1 person said they want to help implement the outcomes.")
    helper.send("steering-committee", name="Ana Ruiz", email="ana@example.org")
    assert not parse(helper.get()).select_one('[data-testid="offered-help"]')


def test_a_members_e_mail_address_takes_over_no_sign_up_and_says_nothing_of_the_member(app, phone, forum_setup):
    """Typing an address proves nothing: a member carried over from last year (no device) or signed up on
    another device keeps their sign-up; a new sign-up with it is answered as any new sign-up, and a device
    changing its own sign-up to it as any change is, while nothing of either sign-up is saved
    (tests/forum/participate/test_signup_of_a_members_address.py: what the device's pages show then)."""
    with app.app_context():
        db.session.add(SteeringSignup(forum_id=forum_setup["id"], client_id="carried", name="Ana Ruiz",
                                      email="ana@example.org", consents_to_owner_role=True, committee_link_version=1))
        db.session.commit()
    carried = ("Ana Ruiz", "ana@example.org", None, None, 1)

    def rows():
        with app.app_context():
            return [tuple(row) for row in db.session.execute(select(
                SteeringSignup.name, SteeringSignup.email, SteeringSignup.device_token, SteeringSignup.withdrawn_at,
                SteeringSignup.committee_link_version).order_by(SteeringSignup.id))]

    for lang, message in (  # answered as a new sign-up is (tests/forum/participate/test_signup_of_a_members_address.py)
            ("en", "Thank you for offering to help: the organizers will contact you. If this address was already "
                   "on the steering committee, nothing is changed: use the committee link the organizers sent you, "
                   "or ask them."),
            ("fr", "Merci de proposer votre aide\u00a0: les organisateurs vous contacteront. Si cette adresse "
                   "figurait déjà au comité directeur, rien n'est modifié\u00a0: utilisez le lien du comité que "
                   "les organisateurs vous ont envoyé, ou adressez-vous à eux.")):
        typed = phone().send(f"steering-committee?lang={lang}", name="Someone", email="ANA@example.org ")
        assert typed.status_code == 200 and typed.json["message"] == message
    assert rows() == [carried]
    bo = phone()
    assert bo.send("steering-committee", name="Bo Chen", email="bo@example.org").status_code == 200
    changed = bo.send("steering-committee", name="Bo Chen", email="ana@example.org")  # not his
    assert (changed.status_code, changed.json["message"]) == (200, "Your sign-up is updated.")
    assert rows() == [carried, ("Bo Chen", "bo@example.org", bo.device, None, 0)]
    assert bo.send("steering-committee", name="Bo C.", email="BO@example.org").status_code == 200  # its own address


def test_the_address_of_a_withdrawn_sign_up_is_free_and_that_sign_up_stays_its_devices(app, phone, forum_setup):
    ana, bo = phone(), phone()
    ana.send("steering-committee", name="Ana Ruiz", email="ana@example.org")
    bo.send("steering-committee", name="Bo Chen", email="bo@example.org")
    with app.app_context():
        withdrawn = db.session.scalar(select(SteeringSignup).where(SteeringSignup.device_token == ana.device))
        withdrawn.withdrawn_at = datetime.datetime(2026, 1, 5)
        db.session.commit()
    assert bo.send("steering-committee", name="Bo Chen", email="ana@example.org").status_code == 200
    newcomer = phone()
    assert newcomer.send("steering-committee", name="Ana R.", email="ana@example.org").status_code == 200  # unsaved
    with app.app_context():
        assert [tuple(row) for row in db.session.execute(select(
            SteeringSignup.name, SteeringSignup.email, SteeringSignup.device_token).order_by(SteeringSignup.id))] == [
            ("Ana Ruiz", "ana@example.org", ana.device), ("Bo Chen", "ana@example.org", bo.device)]
    assert signups(app, forum_setup["id"])[0][2] is False


def test_the_steering_page_gives_the_sign_up_address_to_share(app, forum_setup, client):
    """Those who said in the (anonymous) evaluation that they want to help can be reached only once they sign up:
    the organizer's page gives the address of the sign-up to send or show them, in the page's language."""
    with app.app_context():
        code = db.session.get(Forum, forum_setup["id"]).join_code
    for lang, words in (("en", "Participants sign up on their phone"), ("fr", "Les participants s'inscrivent")):
        page = parse(client.get(f"/forums/{forum_setup['id']}/steering", query_string={"lang": lang}))
        share = page.select_one('[data-testid="sign-up-link"]')
        assert text_of(share).startswith(words)
        assert share.select_one("input")["value"] == f"http://localhost/p/{code}/steering-committee"
