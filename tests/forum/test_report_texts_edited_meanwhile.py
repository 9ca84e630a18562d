"""Two organizers editing the report's settings and texts at once: a field only the other changed (the way forward
they wrote, the appendix) is kept as they left it, not put back to the draft this form showed; a field both changed
is refused (409) above the form, with what it holds now and the form keeping what was typed."""
from __future__ import annotations

from forum.extensions import db
from forum.models import ReportText
from tests.conftest import member_client
from tests.html import parse, text_of

FRENCH = {"Accept-Language": "fr-CA,fr;q=0.9"}


def report_form(page) -> dict:
    form = parse(page).select_one("section[aria-labelledby=edit-h] form")
    data = {field["name"]: field.get("value", "") for field in form.select("input[name]")
            if field.get("type") not in ("radio", "checkbox") or field.has_attr("checked")}
    data.update({area["name"]: area.text.removeprefix("\r\n").removeprefix("\n")
                 for area in form.select("textarea[name]")})
    for select_ in form.select("select[name]"):
        chosen = select_.select_one("option[selected]") or select_.select_one("option")
        data[select_["name"]] = chosen["value"]
    return data


def texts(app, forum_id) -> tuple:
    with app.app_context():
        saved = db.session.scalar(db.select(ReportText).where(ReportText.forum_id == forum_id,
                                                              ReportText.language == "en"))
        return (saved.executive_summary, saved.way_forward) if saved else (None, None)


def test_report_texts_changed_meanwhile_are_kept_or_refused_not_overwritten(app, client, forum_id):
    url = f"/forums/{forum_id}/report?report_lang=en"
    claire = member_client(app, forum_id, "organizer", "claire@example.org", "Claire Tremblay")
    mine, theirs = report_form(client.get(url)), report_form(claire.get(url))
    assert claire.post(url, data={**theirs, "way_forward": "The committee meets in May."}).status_code == 302
    assert client.post(url, data={**mine, "executive_summary": "Our summary."}).status_code == 302
    assert texts(app, forum_id) == ("Our summary.", "The committee meets in May.")  # not put back to the draft
    assert ("Saved. Someone else changed Way forward meanwhile, which you had left as it was: their change is kept."
            in text_of(parse(client.get(url)).select_one(".flashes")))

    mine, theirs = report_form(client.get(url, headers=FRENCH)), report_form(claire.get(url))
    assert claire.post(url, data={**theirs, "executive_summary": "Claire's summary."}).status_code == 302
    refused = client.post(url, data={**mine, "executive_summary": "Olive's summary."}, headers=FRENCH)
    assert refused.status_code == 409
    box = parse(refused).select_one("section[aria-labelledby=edit-h] [data-testid=changed-meanwhile]")
    assert box["role"] == "alert" and box.has_attr("data-form-problems")
    assert "Quelqu'un d'autre (ou vous, dans un autre onglet) a modifié ceci pendant" in text_of(box)
    assert [text_of(dd) for dd in box.select("[data-testid=saved-now]")] == ["Claire's summary."]
    assert [dd.get("lang") for dd in box.select("[data-testid=saved-now]")] == ["en"]  # the report's, not the page's
    kept = report_form(refused)
    assert kept["executive_summary"] == "Olive's summary."
    assert texts(app, forum_id)[0] == "Claire's summary."
    assert client.post(url, data=kept).status_code == 302  # saved again from that page, it replaces Claire's
    assert texts(app, forum_id) == ("Olive's summary.", "The committee meets in May.")
