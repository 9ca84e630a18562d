"""Two organizers (or one, in two tabs) renaming the organization at once: the second rename does not silently undo
the first. Left as it was shown, the name someone gave meanwhile is kept; renamed too, the save is refused (409)
with the name it has now, the form keeping the name typed, so that saving it again replaces it knowingly."""
from __future__ import annotations

from forum.extensions import db
from forum.models import Organization
from tests.forum.test_members import client_of, organization_with_forum
from tests.html import parse, text_of

FRENCH = {"Accept-Language": "fr-CA,fr;q=0.9"}


def rename_form(page) -> dict:
    form = parse(page).select_one("[data-testid=rename-form]")
    return {field["name"]: field.get("value", "") for field in form.select("input[name]")}


def name_of(app, organization_id: int) -> str:
    with app.app_context():
        return db.session.get(Organization, organization_id).name


def test_a_rename_made_meanwhile_is_kept_or_refused_not_overwritten(app):
    _forum_id, organization_id = organization_with_forum(app)
    url = f"/organizations/{organization_id}/settings"
    tab, other_tab = client_of(app, "owner@example.org"), client_of(app, "owner@example.org")

    shown = rename_form(tab.get(url))  # the name left as it was: the other tab's rename stands
    assert other_tab.post(url, data={**rename_form(other_tab.get(url)), "name": "Five partnerships"}).status_code == 302
    assert tab.post(url, data=shown).status_code == 302
    assert name_of(app, organization_id) == "Five partnerships"
    assert ("Saved. Someone else changed Name meanwhile, which you had left as it was: their change is kept."
            in text_of(parse(tab.get(f"/organizations/{organization_id}")).select_one(".flashes")))

    shown = rename_form(tab.get(url, headers=FRENCH))  # both rename it: the second is refused
    assert other_tab.post(url, data={**shown, "name": "Six partnerships"}).status_code == 302
    refused = tab.post(url, data={**shown, "name": "Partenariat des six"}, headers=FRENCH)
    assert refused.status_code == 409
    box = parse(refused).select_one("[data-testid=changed-meanwhile]")
    assert box["role"] == "alert" and box.has_attr("data-form-problems")
    assert "Quelqu'un d'autre (ou vous, dans un autre onglet) a modifié ceci pendant" in text_of(box)
    assert [text_of(dd) for dd in box.select("[data-testid=saved-now]")] == ["Six partnerships"]
    kept = rename_form(refused)
    assert kept["name"] == "Partenariat des six"
    assert name_of(app, organization_id) == "Six partnerships"
    assert tab.post(url, data=kept).status_code == 302  # saved again from that page, it replaces the other's
    assert name_of(app, organization_id) == "Partenariat des six"
