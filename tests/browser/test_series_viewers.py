"""A funder's path on a laptop: the series' creator invites them to read the comparison (mail is off: the
link is copied), the funder creates an account from the link in French, reads the figures, finds the
series in their list, is refused the forum itself, and loses the page once the creator removes them."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Translated, User
from forum.services import series as series_service
from forum.services import text_models
from forum.services.forums import create_forum
from tests.browser.conftest import LAPTOP, accept_invitation_in_french, log_in
from tests.forum.test_series import answered

PASSWORD = "correct horse battery"


def test_a_funder_is_invited_to_read_a_series_and_reads_only_its_comparison(new_page, live_app, live_url):
    with live_app.app_context():
        creator = User(email="creator@example.org", name="Cora Creator")
        creator.set_password(PASSWORD)
        forums = [create_forum(creator, name=f"Forum {year}", table_count=1, languages="en,fr")
                  for year in (2025, 2026)]
        db.session.commit()
        answered(forums[0].id, {"rating": 5}, {"rating": 4})
        answered(forums[1].id, {"rating": 4}, {"rating": 4}, {"rating": 3})
        series = series_service.create_series(creator, name=Translated(en="Employment forums",
                                                                       fr="Forums de l'emploi"))
        for forum in forums:
            series_service.add_forum(series, forum)
        series_id, forum_id = series.id, forums[0].id
    text_models.match_themes  # the first comparison imports scikit-learn: here, not within a click's timeout

    organizer = new_page(**LAPTOP)
    log_in(organizer, live_url, "creator@example.org", PASSWORD)
    organizer.get_by_role("navigation", name="Main").get_by_role("link", name="Series").click()
    organizer.get_by_role("link", name="Employment forums").click()
    sharing = organizer.get_by_test_id("series-viewers")
    expect(sharing.get_by_test_id("no-viewers")).to_have_text("Nobody else reads it yet.")
    sharing.get_by_label("Email").fill("funder@example.org")
    sharing.get_by_role("button", name="Invite to read").click()
    expect(organizer.get_by_text("Invitation ready for funder@example.org")).to_be_visible()
    link = organizer.get_by_label("Invitation link for funder@example.org", exact=True).input_value()

    funder = accept_invitation_in_french(
        new_page, link, "Cora Creator invite funder@example.org à lire la comparaison de ses éditions", "Fran Bailleur",
        PASSWORD)
    expect(funder.get_by_role("heading", level=1)).to_have_text("Forums de l'emploi")
    expect(funder.get_by_test_id("series-read-only")).to_contain_text("Cora Creator partage cette comparaison")
    expect(funder.locator('[data-metric="mean_rating"] td')).to_have_text(["4,50", "3,67"])
    expect(funder.get_by_role("heading", name="Les thèmes d'une édition à l'autre")).to_be_visible()
    # read only: no way into the forum, nothing to change
    expect(funder.locator('main a[href^="/forums/"]')).to_have_count(0)
    expect(funder.locator("main form")).to_have_count(0)

    funder.get_by_role("navigation", name="Principal").get_by_role("link", name="Séries").click()
    shared = funder.get_by_test_id("shared-series")
    expect(shared.get_by_test_id("shared-role")).to_have_text("Lecteur")
    shared.get_by_role("link", name="Forums de l'emploi").click()
    expect(funder.get_by_role("heading", level=1)).to_have_text("Forums de l'emploi")
    refused = funder.goto(f"{live_url}/forums/{forum_id}")
    assert refused.status == 403
    expect(funder.locator("main")).to_contain_text(
        "Vous pouvez lire la comparaison de la série « Forums de l'emploi », pas ses forums.")

    organizer.reload()
    viewers = organizer.get_by_test_id("viewers")
    expect(viewers).to_contain_text("Fran Bailleur")
    viewers.get_by_role("button", name="Remove Fran Bailleur").click()
    organizer.get_by_role("button", name="Remove", exact=True).click()
    expect(organizer.get_by_text("Fran Bailleur no longer has a role here.")).to_be_visible()
    assert funder.goto(f"{live_url}/series/{series_id}").status == 403  # told their role was removed
    expect(funder.locator("main")).to_contain_text(
        "Vous n'avez plus accès à la comparaison de cette série (votre rôle a été retiré).")
