"""Two organizers editing the same code of the codebook at once: a field only the other changed (a label, a
description, in English or French, the key) is kept as they left it; a field both changed is refused (409) in the
code's row, with what it holds now and the form keeping what was typed, so that saving it again replaces it
knowingly."""
from __future__ import annotations

from forum.extensions import db
from forum.models import CodebookCode, Forum
from tests.conftest import member_client
from tests.html import parse, text_of

FRENCH = {"Accept-Language": "fr-CA,fr;q=0.9"}


def code_form(page, code_id: int) -> dict:
    """The values the code's edit form sends as the page shows it."""
    form = parse(page).select_one(f"#code-{code_id} form.row-form")
    data = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    data.update({area["name"]: area.text.removeprefix("\r\n").removeprefix("\n")
                 for area in form.select("textarea[name]")})
    return data


def saved(app, code_id: int) -> tuple:
    with app.app_context():
        code = db.session.get(CodebookCode, code_id)
        return code.key, code.label.en, code.label.fr, code.description.en, code.description.fr


def test_a_code_changed_meanwhile_is_kept_or_refused_not_overwritten(app, client, forum_id):
    url = f"/forums/{forum_id}/codebook"
    assert client.post(url, data={"new-label-en": "Mentoring", "new-label-fr": "Mentorat",
                                  "new-description-en": "Pairing newcomers with mentors"}).status_code == 302
    with app.app_context():
        code_id = db.session.get(Forum, forum_id).codebook[0].id
    edit = f"{url}/{code_id}"
    claire = member_client(app, forum_id, "organizer", "claire@example.org", "Claire Tremblay")

    # Claire words the French description; Olive, whose page showed none, renames the code in English
    mine = code_form(client.get(url), code_id)
    theirs = code_form(claire.get(url), code_id)
    assert claire.post(edit, data={**theirs, f"code{code_id}-description-fr": "Jumelage avec des mentors"}
                       ).status_code == 302
    done = client.post(edit, data={**mine, f"code{code_id}-label-en": "Mentoring circles"})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"#code-{code_id}")
    flashed = client.get(url)
    assert ("Saved. Someone else changed What it covers (French) meanwhile, which you had left as it was: their "
            "change is kept." in text_of(parse(flashed).select_one(".flashes")))
    assert saved(app, code_id) == ("mentoring", "Mentoring circles", "Mentorat", "Pairing newcomers with mentors",
                                   "Jumelage avec des mentors")

    # both change the French label: Olive's save, in French, is refused in the code's row
    mine = code_form(client.get(url, headers=FRENCH), code_id)
    theirs = code_form(claire.get(url), code_id)
    assert claire.post(edit, data={**theirs, f"code{code_id}-label-fr": "Mentorat professionnel"}).status_code == 302
    refused = client.post(edit, data={**mine, f"code{code_id}-label-fr": "Cercles de mentorat"}, headers=FRENCH)
    assert refused.status_code == 409
    row = parse(refused).select_one(f"#code-{code_id}")
    box = row.select_one("[data-testid=changed-meanwhile]")
    assert box["role"] == "alert" and box.has_attr("data-form-problems")
    assert "Quelqu'un d'autre (ou vous, dans un autre onglet) a modifié ceci pendant" in text_of(box)
    assert [text_of(dt) for dt in box.select("dt")] == ["Intitulé (Français)"]
    assert [text_of(dd) for dd in box.select("dd")] == ["Mentorat professionnel"]
    assert row.select_one("details.code-edit").has_attr("open")
    kept = code_form(refused, code_id)
    assert kept[f"code{code_id}-label-fr"] == "Cercles de mentorat"  # what Olive typed is still there
    assert saved(app, code_id)[2] == "Mentorat professionnel"  # Claire's change stands, nothing of Olive's written

    assert client.post(edit, data=kept).status_code == 302  # saved again from that page, it replaces Claire's
    assert saved(app, code_id)[2] == "Cercles de mentorat"


    # on an English page, the French label changed meanwhile is marked as French for screen readers
    mine = code_form(client.get(url), code_id)
    theirs = code_form(claire.get(url), code_id)
    assert claire.post(edit, data={**theirs, f"code{code_id}-label-fr": "Mentorat en cercles"}).status_code == 302
    refused = client.post(edit, data={**mine, f"code{code_id}-label-fr": "Cercles de mentors"})
    assert refused.status_code == 409
    box = parse(refused).select_one(f"#code-{code_id} [data-testid=changed-meanwhile]")
    now = box.select("[data-testid=saved-now]")
    assert [(text_of(dd), dd.get("lang")) for dd in now] == [("Mentorat en cercles", "fr")]
