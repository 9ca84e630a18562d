"""The HTML page: people's text escaped, and the reviewers' notice and comment links."""
from __future__ import annotations

from html.parser import HTMLParser

from bs4 import BeautifulSoup

from analysis.report import charts
from analysis.report.build import build_report
from analysis.report.document import Chart, Document, Grid, Paragraph, Quote, Section
from analysis.report.html import Review, render_html
from tests.analysis.report.sample import SCRIPT, hostile_input


class _Page(HTMLParser):
    """The page's text and its comment links, as a reader's browser sees them."""

    def __init__(self, html: str):
        super().__init__()
        self.text, self.comment_links, self.strong = [], [], []
        self._in_strong = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("class") == "comment-link":
            self.comment_links.append(attrs["href"])
        self._in_strong = self._in_strong or tag == "strong"

    def handle_endtag(self, tag):
        self._in_strong = self._in_strong and tag != "strong"

    def handle_data(self, data):
        self.text.append(data)
        if self._in_strong:
            self.strong.append(data)


def _review(messages=(), messages_at=None):
    return Review(SCRIPT, lambda kind, value: f"/review/tok/comment?{kind}={value}", messages, messages_at)


def test_text_people_typed_stays_text():
    page = render_html(build_report(hostile_input(), "en"))
    assert "<script>" not in page
    assert SCRIPT in "".join(_Page(page).text)


def test_reviewers_get_a_comment_link_on_every_section_and_idea(report_en):
    page = _Page(render_html(report_en, _review(("Thank you: your comment was sent.",))))
    sections = [link for link in page.comment_links if "section=" in link]
    assert sections == [f"/review/tok/comment?section={s.key}" for s in report_en.sections]
    assert "/review/tok/comment?idea=1" in page.comment_links
    assert page.strong == [SCRIPT]
    text = "".join(page.text)
    assert "Thank you: your comment was sent." in text and "“Reviewers' input” section" in text
    assert not _Page(render_html(report_en)).comment_links


def test_each_comment_link_is_named_after_what_it_comments_on(report_en):
    """Its accessible name (aria-labelledby: the link, then the idea's text or the section's heading)."""
    page = BeautifulSoup(render_html(report_en, _review()), "html.parser")

    def name(link) -> str:
        return " ".join(page.find(id=ref).get_text(" ", strip=True) for ref in link["aria-labelledby"].split())

    idea = page.select_one('a.comment-link[href$="idea=1"]')
    assert name(idea) == "Comment " + page.select_one("#idea-1-text").get_text()
    section = page.select_one('a.comment-link[href$="section=priorities"]')
    assert name(section) == "Comment on this section Top priorities"
    names = [name(link) for link in page.select("a.comment-link")]
    assert len(names) > 10 and "Comment" not in names


def test_the_reviewers_notice_is_in_the_report_language(sample):
    text = "".join(_Page(render_html(build_report(sample, "fr"), _review())).text)
    assert "Vous relisez l'ébauche de ce rapport pour" in text and "«\u00a0Commentaires des relecteurs\u00a0»" in text
    assert "Commenter cette section" in text


def test_the_messages_are_shown_at_the_anchor_the_reviewer_comes_back_to(report_en):
    first = report_en.sections[0]
    page = render_html(report_en, _review(("Thank you.",), first.key))
    bar, section = page.split(f'<section aria-labelledby="{first.key}-h"', 1)
    assert "Thank you." not in bar
    # holding the address's fragment while shown, focusable: the browser opens the page there and focuses them (read
    # once: no live region as well)
    assert section.index(f'<div class="review-messages" id="{first.key}" tabindex="-1">') < section.index("</section>")
    assert section.index("</h2>") < section.index("Thank you.") and 'role="status"' not in section
    assert page.count(f'id="{first.key}"') == 1
    # no longer in the report (an idea deleted meanwhile): at the top, holding the fragment too, focused alike
    gone = render_html(report_en, _review(("Thank you.",), "idea-999999"))
    top = gone.split("<article", 1)[0]
    assert '<div class="review-messages" id="idea-999999" tabindex="-1"><p class="flash">Thank you.</p></div>' in top
    assert 'role="status"' not in top


def test_a_chart_keeps_its_printed_size_and_fits_a_narrow_column_without_the_reports_css():
    """The HTML pasted into a website's editor keeps no report.css: the chart's size and its shrinking
    to the column are on the image itself."""
    for lang in ("en", "fr"):
        chart = Chart("sizes", "Theme sizes", "Bar chart", lambda: charts._figure(2.0), ())
        document = Document("Forum", "Report", lang, draft=False, generated="",
                            sections=[Section("summary", "Summary", [chart])])
        image = BeautifulSoup(render_html(document), "html.parser").select_one("figure.chart img")
        assert (image["width"], image["height"], image["alt"]) == ("624", "192", "Bar chart")
        assert "max-width: 100%" in image["style"] and "height: auto" in image["style"]


def test_line_breaks_people_typed_are_line_breaks_without_the_reports_css():
    """A summary's lines, an answer's and an action's latest follow-up (a table cell) stay on their own lines
    in the HTML pasted into a website's editor, which keeps no report.css (its white-space rule)."""
    blocks = [Paragraph("Key points:\n<b>one</b>"), Quote("Keep it\nshort"),
              Grid(["Action"], [["Run a workshop\nLatest follow-up: done"]])]
    for lang in ("en", "fr"):
        document = Document("Forum", "Report", lang, draft=False, generated="",
                            sections=[Section("summary", "Summary", blocks)])
        page = BeautifulSoup(render_html(document), "html.parser")
        for selector, lines in (("p.p-text", ["Key points:", "<b>one</b>"]), ("blockquote p", ["Keep it", "short"]),
                                ("td", ["Run a workshop", "Latest follow-up: done"])):
            element = page.select_one(selector)
            assert element.find_all("br") and list(element.stripped_strings) == lines, element


def test_each_table_is_named_after_its_own_title(report_en):
    """A screen reader lists the tables by their names: each its title (a chart's caption over the same figures, or
    the question above it), not its section's heading shared with the section's other tables."""
    page = BeautifulSoup(render_html(report_en), "html.parser")
    names = {" ".join(page.find(id=ref).get_text(" ", strip=True) for ref in wrap["aria-labelledby"].split())
             for wrap in page.select("#evaluation .table-wrap")}
    assert names == {"How participants rated the forum", "Should this become an annual event?"}
