"""A participant on a phone, in French, erases their answers: the page says what goes and what stays, fits a
390 px and a 360 px screen, works from the keyboard, and afterwards the phone is out of every count."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import EvaluationResponse, Participant, SteeringSignup, Translated, User, Vote, utcnow
from forum.services.ballots import ItemChoice, create_ballot, open_ballot
from forum.services.forums import create_forum
from tests.browser.conftest import PHONE, assert_fits_across

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}


@pytest.fixture
def forum(live_app):
    with live_app.app_context():
        owner = User(email="owner@example.org", name="Owner")
        owner.set_password("correct horse battery")
        forum = create_forum(owner, languages="en,fr",
                             name="Embaucher, retenir et faire progresser les professionnels formés à l'étranger")
        forum.evaluation_open = True
        db.session.commit()
        ballot_id = create_ballot(forum.id, title=Translated("Top priorities"), dots=3, max_per_item=2, items=[
            ItemChoice(Translated(label)) for label in ("Mentoring circles", "Paid internships")])
        open_ballot(ballot_id)
        return {"id": forum.id, "code": forum.join_code, "ballot_id": ballot_id}


def counted(live_app, forum_id):
    with live_app.app_context():
        return (db.session.scalar(select(func.count(Participant.id)).where(Participant.forum_id == forum_id)),
                db.session.scalar(select(func.count(EvaluationResponse.id)).where(
                    EvaluationResponse.forum_id == forum_id)),
                db.session.scalar(select(func.count(Vote.id))))


@pytest.mark.parametrize("size", [PHONE, SMALL_PHONE], ids=["390px", "360px"])
def test_a_phone_erases_its_answers_in_french(new_page, live_app, live_url, forum, size):
    page = new_page(**size)
    page.goto(f"{live_url}/join?code={forum['code']}&lang=fr")
    page.get_by_role("button", name="Enregistrer", exact=True).click()  # "Who are you?": nothing to say
    expect(page.get_by_role("heading", name="Bienvenue", exact=True)).to_be_visible()
    page.goto(f"{live_url}/p/{forum['code']}/evaluation")
    page.get_by_role("radio", name="4 – Très bien").check()
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.get_by_role("status")).to_contain_text("Merci, vos réponses sont enregistrées.")
    expect(page.get_by_role("heading", name="Bienvenue", exact=True)).to_be_visible()
    page.goto(f"{live_url}/p/{forum['code']}/votes/{forum['ballot_id']}")
    page.get_by_role("button", name="Ajouter un point\u00a0: Mentoring circles").click()
    page.get_by_role("button", name="Enregistrer mes points").click()
    expect(page.get_by_role("status")).to_contain_text("Vos points sont enregistrés")
    expect(page.get_by_role("heading", name="Bienvenue", exact=True)).to_be_visible()
    assert counted(live_app, forum["id"]) == (1, 1, 1)

    page.goto(f"{live_url}/p/{forum['code']}/")
    page.get_by_role("link", name="Effacer mes réponses de ce forum Reprendre ce que ce téléphone a envoyé\u00a0: "
                     "vous verrez ce qui part avant que rien ne soit effacé", exact=True).click()
    expect(page.get_by_role("heading", name="Effacer mes réponses de ce forum", exact=True)).to_be_visible()
    goes = page.get_by_role("list", name="Ce qui sera effacé", exact=True)
    expect(goes).to_contain_text("Vos réponses à l'évaluation du forum")
    expect(goes).to_contain_text("Vos points dans 1 vote")
    expect(page.get_by_role("list", name="Ce qui n'est pas effacé", exact=True)).to_contain_text("fiches d'idées")
    assert_fits_across(page, "the page asking to confirm")
    # something the phone kept to send to this forum, and a draft typed there: both go with the answers, and
    # the done page does not say they could not be saved
    page.evaluate(f"""() => {{
        localStorage.setItem("fw-queue", JSON.stringify([
            {{url: "/p/{forum['code']}/evaluation", body: {{client_id: "queued-client-id-1", q_rating: "2"}}}}]));
        sessionStorage.setItem("fw-draft:/p/{forum['code']}/evaluation", "{{}}");
    }}""")

    erase = page.get_by_role("button", name="Effacer mes réponses", exact=True)
    erase.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Vos réponses sont effacées", exact=True)).to_be_visible()
    assert_fits_across(page, "the page saying it is done")
    assert counted(live_app, forum["id"]) == (0, 0, 0)
    assert page.evaluate("JSON.parse(localStorage.getItem('fw-queue'))") == []
    expect(page.get_by_role("status")).to_be_empty()
    assert page.evaluate(f"sessionStorage.getItem('fw-draft:/p/{forum['code']}/evaluation')") is None

    page.go_back()  # the page asking to confirm, from the browser's history: nothing left, and not joined again
    page.reload()
    expect(page.get_by_role("heading", name="Plus rien à effacer", exact=True)).to_be_visible()
    assert counted(live_app, forum["id"]) == (0, 0, 0)
    page.get_by_role("link", name="Rejoindre le forum à nouveau", exact=True).click()
    expect(page.get_by_role("heading", name="Qui êtes-vous ?", exact=True)).to_be_visible()
    assert counted(live_app, forum["id"])[0] == 1


def test_a_committee_member_s_phone_erases_in_french_and_reads_what_goes_from_the_kept_record(
        new_page, live_app, live_url, forum):
    """Bruno's sign-up became a committee member's record, his address refused by the mail server: on a 360 px phone,
    in French, the page says what goes from that record (the news request, the mail server's note), fits, and
    erasing from the keyboard takes them off the record, which stays."""
    page = new_page(**SMALL_PHONE)
    page.goto(f"{live_url}/join?code={forum['code']}&lang=fr")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_role("heading", name="Bienvenue", exact=True)).to_be_visible()
    [device] = [cookie["value"] for cookie in page.context.cookies() if cookie["name"] == "fw_device"]
    with live_app.app_context():
        bruno = SteeringSignup(forum_id=forum["id"], client_id="bruno-1", device_token=device, name="Bruno",
                               email="bruno@example.org", consents_to_owner_role=True, committee_link_version=1,
                               news_consent_at=utcnow(), mail_refused_email="bruno@example.org",
                               mail_refused_at=utcnow())
        db.session.add(bruno)
        db.session.commit()
        bruno_id = bruno.id

    page.goto(f"{live_url}/p/{forum['code']}/erase")
    goes = page.get_by_role("list", name="Ce qui sera effacé", exact=True)
    expect(goes).to_contain_text("De votre fiche de membre du comité directeur\u00a0: votre demande de recevoir le "
                                 "rapport par courriel, et toute note indiquant que le serveur de messagerie a refusé "
                                 "votre adresse")
    assert_fits_across(page, "the page asking a committee member to confirm")
    erase = page.get_by_role("button", name="Effacer mes réponses", exact=True)
    erase.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Vos réponses sont effacées", exact=True)).to_be_visible()
    with live_app.app_context():
        kept = db.session.get(SteeringSignup, bruno_id)
        assert kept.device_token is None and kept.email == "bruno@example.org"
        assert (kept.news_consent_at, kept.mail_refused_email, kept.mail_refused_at) == (None, None, None)
