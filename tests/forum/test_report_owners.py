"""The report names an action item's owner only if they agreed to be named publicly, as the progress
page does: it is shared by link, read by reviewers and sent to funders."""
from __future__ import annotations

import io
import re

import pytest
from docx import Document as open_docx

from forum.config import default_public_url
from forum.extensions import db
from forum.models import Forum, SteeringSignup
from forum.services.progress import progress_token
from tests.analysis.report.sample import needs_poppler, pdf_text
from tests.forum.test_progress_page import plan  # noqa: F401 — Amina agreed to be named, Ben did not
from tests.html import parse, text_of

NOTE = {"en": "Owners are named only if they agreed to be named publicly.",
        "fr": "Les responsables ne sont nommés que s'ils ont accepté d'être nommés publiquement."}
SHARED_NOTE = {"en": "Owners are named only if they agreed to be named on the public progress page.",
               "fr": "Les responsables ne sont nommés que s'ils ont accepté d'être nommés sur la page publique "
                     "d'avancement."}
FOLLOW = {"en": "Follow the action plan on the public progress page: ",
          "fr": "Suivez le plan d'action sur la page publique d'avancement : "}


def _texts(client, forum_id: int, lang: str) -> dict[str, str]:
    url = f"/forums/{forum_id}/report/download/{{}}?report_lang={lang}"
    return {"md": client.get(url.format("md")).get_data(as_text=True),
            "html": text_of(parse(client.get(url.format("html")))),
            "docx": docx_text(client.get(url.format("docx")).data)}


def docx_text(content: bytes) -> str:
    document = open_docx(io.BytesIO(content))
    return "\n".join([p.text for p in document.paragraphs]
                     + [cell.text for table in document.tables for row in table.rows for cell in row.cells])


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_owner_who_did_not_agree_to_be_named_is_not_named_in_any_format(client, plan, lang):  # noqa: F811
    texts = _texts(client, plan, lang)
    for fmt, text in texts.items():
        assert "Amina Owner" in text and "Ben Quiet" not in text, fmt
        assert " ".join(NOTE[lang].split()) in " ".join(text.split()), fmt
    assert "ben@example.org" not in texts["md"] and "amina@example.org" not in texts["md"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_report_gives_the_progress_pages_address_while_its_link_is_on(app, client, plan, lang):  # noqa: F811
    assert client.post(f"/forums/{plan}/progress-page/share").status_code == 302
    address = f"http://localhost/progress/{progress_token_of(app, plan)}?lang={lang}"
    for fmt, text in _texts(client, plan, lang).items():
        text = " ".join(text.replace("<", "").replace(">", "").split())
        assert " ".join((FOLLOW[lang] + address).split()) in text, fmt
        assert SHARED_NOTE[lang] in text, fmt
    assert _links(client, plan, lang) == {"pdf": [address], "docx": [address]}  # links readers click
    assert client.post(f"/forums/{plan}/progress-page/off", data={"confirmed": "yes"}).status_code == 302
    for fmt, text in _texts(client, plan, lang).items():
        assert "/progress/" not in text and FOLLOW[lang] not in text, fmt
    assert _links(client, plan, lang) == {"pdf": [], "docx": []}


def _links(client, forum_id: int, lang: str) -> dict[str, list[str]]:
    """The addresses the PDF's link annotations and the Word file's hyperlinks open."""
    url = f"/forums/{forum_id}/report/download/{{}}?report_lang={lang}"
    pdf = client.get(url.format("pdf")).data
    document = open_docx(io.BytesIO(client.get(url.format("docx")).data))
    return {"pdf": [uri.decode() for uri in re.findall(rb"/URI \((.*?)\)", pdf)],
            "docx": [rel.target_ref for rel in document.part.rels.values() if rel.reltype.endswith("/hyperlink")]}


def test_the_report_gives_no_progress_address_when_the_public_address_is_not_set(app, client, plan):  # noqa: F811
    app.config["PUBLIC_URL"] = default_public_url()  # unset: this machine's loopback, which readers do not reach
    assert client.post(f"/forums/{plan}/progress-page/share").status_code == 302
    for fmt, text in _texts(client, plan, "en").items():
        assert "/progress/" not in text and FOLLOW["en"] not in text, fmt
    assert _links(client, plan, "en") == {"pdf": [], "docx": []}


def progress_token_of(app, forum_id: int) -> str:
    with app.app_context():
        return progress_token(db.session.get(Forum, forum_id))


@needs_poppler
def test_the_brief_names_only_the_owners_who_agreed(client, plan):  # noqa: F811
    brief = " ".join(pdf_text(client.get(f"/forums/{plan}/report/download/brief").data).split())
    assert "Mentor training — Amina Owner" in brief and "Employer toolkit" in brief and "Ben Quiet" not in brief


def test_once_every_owner_agreed_the_report_names_them_all_without_the_note(app, client, plan):  # noqa: F811
    with app.app_context():
        for signup in db.session.query(SteeringSignup).filter_by(forum_id=plan):
            signup.named_publicly = True
        db.session.commit()
    report = client.get(f"/forums/{plan}/report/download/md").get_data(as_text=True)
    assert "Ben Quiet" in report and NOTE["en"] not in report
