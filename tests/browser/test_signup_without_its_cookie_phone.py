"""A participant's phone in French that lost its copy of the steering sign-up it sent (cookies of the forum's pages
cleared, another browser with the same device cookie): the page says a sign-up was received from this phone,
without the address, within the phone's width, offers to keep the consents sent before, and can still withdraw
it."""
from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import SteeringSignup, User
from forum.services.forums import create_forum
from tests.browser.conftest import PHONE, assert_fits_across

RECEIVED = ("Une inscription a été reçue de ce téléphone. Pour protéger votre vie privée, ses détails ne sont "
            "affichés que dans le navigateur qui l'a envoyée. Pour les modifier, envoyez de nouveau le "
            "formulaire\u00a0; vous pouvez aussi la retirer.")


def test_a_phone_without_its_copy_reads_that_a_sign_up_was_received(new_page, live_app, live_url):
    with live_app.app_context():
        owner = User(email="owner@example.org", name="Owner")
        owner.set_password("correct horse battery")
        code = create_forum(owner, name="Embaucher, retenir, faire progresser", languages="en,fr").join_code
        db.session.commit()
    page = new_page(**PHONE, locale="fr-CA")
    page.goto(f"{live_url}/join?code={code}&lang=fr")
    page.goto(f"{live_url}/p/{code}/steering-committee?lang=fr")
    page.get_by_label("Votre nom (obligatoire)", exact=True).fill("Léa Tremblay")
    page.get_by_label("Votre courriel (obligatoire)", exact=True).fill("lea.tremblay@example.org")
    page.get_by_label("J'accepte d'être nommé·e responsable d'une action du plan d'action.", exact=True).check()
    page.get_by_role("button", name="M'inscrire", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("les organisateurs vous contacteront.")

    kept = [cookie for cookie in page.context.cookies() if not cookie["name"].startswith("fw_signup_")]
    page.context.clear_cookies()
    page.context.add_cookies(kept)  # the device cookie stays: the phone is still the forum's participant
    page.goto(f"{live_url}/p/{code}/steering-committee?lang=fr")
    expect(page.get_by_text(RECEIVED, exact=True)).to_be_visible()
    expect(page.get_by_label("Votre courriel (obligatoire)", exact=True)).to_have_value("")
    assert "lea.tremblay" not in page.content()
    # The consents sent before are not shown: each is a choice, kept unless she says yes or no
    for legend in ("J'accepte d'être nommé·e responsable d'une action du plan d'action.",
                   "M'envoyer un courriel quand le rapport du forum sera publié"):
        group = page.get_by_role("group", name=legend, exact=True)
        expect(group.get_by_role("radio", name="Garder ce que j'ai choisi avant", exact=True)).to_be_checked()
        expect(group.get_by_role("radio", name="Oui", exact=True)).not_to_be_checked()
    assert_fits_across(page, "a sign-up received")
    # Sent again through the page's queue with her name and address only: her consent is kept
    page.get_by_label("Votre nom (obligatoire)", exact=True).fill("Léa Tremblay")
    page.get_by_label("Votre courriel (obligatoire)", exact=True).fill("lea.tremblay@example.org")
    page.get_by_role("button", name="Mettre à jour mon inscription", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Votre inscription est mise à jour.")
    with live_app.app_context():
        signup = db.session.scalar(select(SteeringSignup).where(SteeringSignup.email == "lea.tremblay@example.org"))
        assert signup.consents_to_owner_role and signup.organization is None
    page.goto(f"{live_url}/p/{code}/steering-committee?lang=fr")

    page.get_by_role("button", name="Retirer mon inscription", exact=True).click()
    page.get_by_role("button", name="Retirer mon inscription", exact=True).click()  # the question page's button
    expect(page.get_by_text("Votre inscription est retirée.", exact=True)).to_be_visible()


def test_a_sign_up_saved_before_the_sent_mark_reads_as_signed_up_on_a_small_phone(new_page, live_app, live_url):
    """Her sign-up was saved before ``participants.signup_sent_at`` existed and the backfill left her unmarked; her
    phone, 360 px wide with its text at 200% and without its copy, reads that she signed up (not "Rejoindre le
    comité directeur") on the forum's page, and the steering page says a sign-up was received from it."""
    from forum.models import Participant
    with live_app.app_context():
        owner = User(email="owner@example.org", name="Owner")
        owner.set_password("correct horse battery")
        code = create_forum(owner, name="Embaucher, retenir, faire progresser", languages="en,fr").join_code
        db.session.commit()
    page = new_page(**{**PHONE, "viewport": {"width": 360, "height": 740}}, locale="fr-CA")
    page.goto(f"{live_url}/join?code={code}&lang=fr")
    page.goto(f"{live_url}/p/{code}/steering-committee?lang=fr")
    page.get_by_label("Votre nom (obligatoire)", exact=True).fill("Léa Tremblay")
    page.get_by_label("Votre courriel (obligatoire)", exact=True).fill("lea.tremblay@example.org")
    page.get_by_role("button", name="M'inscrire", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("les organisateurs vous contacteront.")
    with live_app.app_context():  # as her row was before the mark
        db.session.query(Participant).update({"signup_sent_at": None})
        db.session.commit()
    kept = [cookie for cookie in page.context.cookies() if not cookie["name"].startswith("fw_signup_")]
    page.context.clear_cookies()
    page.context.add_cookies(kept)
    page.goto(f"{live_url}/p/{code}/?lang=fr")
    page.add_style_tag(content="html{font-size:200%}")
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="Je veux aider à mettre en œuvre les résultats Vous êtes inscrit·e au "
                                         "comité directeur", exact=True)).to_be_visible()
    assert_fits_across(page, "forum page of a sign-up saved before the mark, text at 200%")
    page.goto(f"{live_url}/p/{code}/steering-committee?lang=fr")
    page.add_style_tag(content="html{font-size:200%}")
    expect(page.get_by_text(RECEIVED, exact=True)).to_be_visible()
    assert_fits_across(page, "a sign-up saved before the mark, text at 200%")
