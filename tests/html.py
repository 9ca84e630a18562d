"""Pages read as parsed HTML, so that assertions do not depend on attribute order or whitespace."""
from __future__ import annotations

from bs4 import BeautifulSoup, Tag


def parse(page) -> BeautifulSoup:
    """``page``: a test client response or the page's text."""
    if isinstance(page, str):
        return BeautifulSoup(page, "html.parser")
    return BeautifulSoup(page.get_data(as_text=True), "html.parser")


def text_of(element: Tag) -> str:
    """The element's text as a reader sees it: whitespace runs become one space."""
    return " ".join(element.get_text(" ").split())


def by_test_id(page, name: str) -> str:
    """The text of the element marked ``data-testid=name`` (exactly one on the page)."""
    [element] = parse(page).select(f'[data-testid="{name}"]')
    return text_of(element)


def error_message(page) -> str:
    """What an error page says went wrong: the body text under its short heading (templates/errors/_message.html)."""
    return text_of(parse(page).select_one(".error-page #error-message"))


def label_of(page: BeautifulSoup, control: Tag) -> str:
    """The name a screen reader gives ``control`` from its <label for=…>: the label's text without its aria-hidden
    parts."""
    [label] = page.select(f'label[for="{control["id"]}"]')
    said = BeautifulSoup(str(label), "html.parser")
    for hidden in said.select('[aria-hidden="true"]'):
        hidden.decompose()
    return text_of(said)
