"""Render a report ``Document`` as one self-contained HTML page (inline CSS, charts as data URIs):
shared by link, downloaded, previewed by the organizer and read by reviewers.

Everything people typed is escaped. ``Review`` adds the reviewers' notice and a comment link on
every section and idea; ``LanguageLink`` items a switch to the same page in the report's other
languages.
"""
from __future__ import annotations

import base64
import struct
from dataclasses import dataclass, replace
from functools import singledispatch
from html import escape
from pathlib import Path
from typing import Callable

from analysis.report import charts
from analysis.report.document import Bullets, Chart, Document, Figures, Grid, IdeaList, Paragraph, Quote, Section
from analysis.report.marks import pieces
from analysis.report.wording import LANGUAGE_NAMES, N_, Wording, wording

CSS_FILE = Path(__file__).with_name("report.css")
# The class of the review's messages, shown under what the reviewer just commented on (``_Context.messages_at``).
# The address they are sent back to ends with that section's or idea's id (a reload, the message gone, opens there
# again): while the messages are shown, they hold that id (the section or the idea gives it up for that page), so
# that the browser, even without the page's script, opens the page at them and focuses them (focusable:
# tabindex="-1"): a screen reader reads them first, and the keyboard goes on from there. The page's script focuses
# them too, where the browser did not. Messages about an idea no longer in the draft (deleted meanwhile) are shown at
# the top of the page, holding its id the same way.
REVIEW_MESSAGES = "review-messages"


@dataclass(frozen=True)
class SentComment:
    """A comment the reviewers sent, shown to them at ``anchor`` (a section's key, ``idea-<id>``; None
    or one no longer in the draft: at the top of the page) with what became of it: ``status``
    pending, approved or rejected, and the organizer's ``reply``. ``key``: the comment's own id on the page;
    ``own``: sent from the browser reading the page; ``new_reply``: its reply is new to that browser."""

    anchor: str | None
    text: str
    author: str | None
    status: str
    reply: str | None = None
    key: str | None = None
    own: bool = False
    new_reply: bool = False


@dataclass(frozen=True)
class Review:
    """A reviewer's view of the draft: who reviews, where a comment on a section or an idea is
    written (``comment_url("section", key)`` / ``comment_url("idea", id)``) and the messages to show:
    ``messages_at`` the anchor (a section's key, ``idea-<id>``) of what the reviewer just commented on,
    where they come back to and read them, else at the top of the page; ``comments``: the ones they sent;
    ``script`` the address of the script that moves the focus to the messages at ``messages_at``."""

    reviewer_group: str
    comment_url: Callable[[str, object], str]
    messages: tuple = ()  # plain texts, or HTML ones (``__html__``: a message with a link)
    messages_at: str | None = None
    comments: tuple[SentComment, ...] = ()
    script: str = ""


@dataclass(frozen=True)
class LanguageLink:
    """The page in one of the report's languages: its ``url``, or the ``current`` one."""

    lang: str
    url: str
    current: bool = False


@dataclass(frozen=True)
class _Context:
    w: Wording
    review: Review | None
    section: str = ""  # the key of the section being written, whose heading names its tables
    table_title: str = ""  # the id of the title (a strong paragraph, a chart's caption) of the table just after it

    def comment_link(self, kind: str, value, label: str, about: str) -> str:
        """A link named by its label and what it comments on (``about``: the id of the idea's text or
        of the section's heading): a screen reader's list of links says "Comment" and the idea, not
        "Comment" two hundred times."""
        url, own = escape(self.review.comment_url(kind, value)), escape(f"comment-{kind}-{value}")
        return (f'<a class="comment-link" id="{own}" href="{url}" aria-labelledby="{own} {escape(about)}">'
                f'{escape(label)}</a>')

    def holds_messages(self, anchor: str) -> bool:
        return bool(self.review and self.review.messages_at == anchor and self.review.messages)

    def anchor_id(self, anchor: str) -> str:
        """The ``id`` attribute of what ``anchor`` names (a section, an idea), unless its messages hold it."""
        return "" if self.holds_messages(anchor) else f' id="{escape(anchor)}"'

    def messages_at(self, anchor: str) -> str:
        """The review's messages if they belong at ``anchor``: where the page opens (its address's fragment is
        ``anchor``, the messages' id), focused there, and so read out once (not a live region too, which would say
        them a second time)."""
        if not self.holds_messages(anchor):
            return ""
        return _messages_box(self.review, anchor)


    def comments_at(self, anchor: str) -> str:
        """The reviewers' comments on what ``anchor`` names, with what became of them."""
        comments = [c for c in self.review.comments if c.anchor == anchor] if self.review else []
        return _sent_comments(comments, self.w, self.w.gettext("Your comments"), f"sent-{anchor}")


def _message_html(message) -> str:
    """A review message as the app's pages show a flashed one (forum/flashes.py): a plain text escaped, a text that
    is HTML already (it has ``__html__``, as markupsafe's ``Markup`` does: a message with a link, its parts escaped
    when it was put together) kept as it is."""
    html = getattr(message, "__html__", None)
    return html() if callable(html) else escape(str(message))


STATUS_LABELS = {"pending": N_("Received, not yet decided"), "approved": N_("Taken into the report"),
                 "rejected": N_("Not taken into the report")}


def _sent_comments(comments: list[SentComment], w: Wording, title: str, title_id: str) -> str:
    if not comments:
        return ""
    items, replied = [], escape(w.gettext("Reply from the organizer:"))
    new_reply, own = escape(w.gettext("New reply from the organizer:")), escape(w.gettext("Sent from this browser"))
    for comment in comments:
        author = f" · {escape(comment.author)}" if comment.author else ""
        mine = f' · <span class="sent-own">{own}</span>' if comment.own else ""
        reply = ""
        if comment.reply:
            label = f'<strong class="new-reply">{new_reply}</strong>' if comment.new_reply else f"<strong>{replied}</strong>"
            reply = f'<p class="sent-reply">{label} {escape(comment.reply)}</p>'
        key = f' id="{escape(comment.key)}"' if comment.key else ""
        items.append(f'<li class="sent-comment{" sent-new-reply" if comment.new_reply else ""}"{key}>'
                     f'<p class="sent-text">{escape(comment.text)}</p>'
                     f'<p class="sent-meta"><span class="sent-status sent-{escape(comment.status)}">'
                     f"{escape(w.gettext(STATUS_LABELS[comment.status]))}</span>{author}{mine}</p>{reply}</li>")
    title_id = escape(title_id)
    return (f'<div class="sent-comments"><p class="sent-title" id="{title_id}">{escape(title)}</p>'
            f'<ul aria-labelledby="{title_id}">{"".join(items)}</ul></div>')


def _excerpt(text: str, length: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


def _new_replies(review: Review, w: Wording) -> str:
    """At the top of the page: which of the comments sent from this browser have a reply it has not shown yet,
    each a link to where the comment and its reply are."""
    new = [c for c in review.comments if c.new_reply and c.key]
    if not new:
        return ""
    title = escape(w.ngettext("The organizer replied to one of your comments since you last opened this link:",
                              "The organizer replied to %(num)d of your comments since you last opened this link:",
                              len(new)))
    links = "".join(f'<li><a href="#{escape(c.key)}">{escape(w.quoted(_excerpt(c.text)))}</a></li>' for c in new)
    return (f'<div class="new-replies"><p class="new-replies-title" id="new-replies">{title}</p>'
            f'<ul aria-labelledby="new-replies">{links}</ul></div>\n')


def _messages(review: Review) -> str:
    return "".join(f'<p role="status" class="flash">{escape(message)}</p>' for message in review.messages)


def _messages_box(review: Review, anchor: str) -> str:
    """The review's messages where the page opens: holding the address's fragment ``anchor`` as their id, focusable
    (``REVIEW_MESSAGES``)."""
    said = "".join(f'<p class="flash">{_message_html(message)}</p>' for message in review.messages)
    return f'<div class="{REVIEW_MESSAGES}" id="{escape(anchor)}" tabindex="-1">{said}</div>'


def _anchors(sections) -> set[str]:
    """The ids of the sections and ideas of a document's ``sections``."""
    anchors = set()
    for section in sections:
        anchors.add(section.key)
        anchors.update(f"idea-{item.id}" for block in section.blocks if isinstance(block, IdeaList)
                       for item in block.items)
        anchors |= _anchors(section.children)
    return anchors


def _marked(text: str, within: str | None = None, report_lang: str | None = None) -> str:
    """Escaped text whose parts in another language than the report's are spans with their ``lang``, so that
    a screen reader reads an English card in a French report with English sounds. ``within``: the language of
    the element it is written in when that is not the report's (``report_lang``): the parts in that language
    are left unmarked, and the report's own words are marked with ``report_lang``."""
    def lang_of(lang: str | None) -> str | None:
        return (lang or report_lang) if within else lang

    return "".join(f'<span lang="{escape(lang_of(lang))}">{escape(piece)}</span>' if lang_of(lang) != within
                   else escape(piece) for piece, lang in pieces(text))


def _lines(text: str, within: str | None = None, report_lang: str | None = None) -> str:
    """Escaped (and marked) text whose line breaks are <br>: the HTML pasted into a website's editor keeps no
    report.css."""
    return _marked(text, within, report_lang).replace("\n", "<br>")


def _cell_label(column: str) -> tuple[str, str | None]:
    """The attributes of a stacked table's cell under ``column`` (its title as ``data-label``, and the title's
    language as the cell's ``lang`` when the whole title is in another language than the report's), and that
    language (None: the report's)."""
    parts = pieces(column)
    lang = parts[0][1] if len(parts) == 1 else None
    return f' data-label="{escape(column)}"' + (f' lang="{escape(lang)}"' if lang else ""), lang


@singledispatch
def _block(block, context: _Context) -> str:
    raise TypeError(f"unknown block {type(block).__name__}")


@_block.register
def _(block: Paragraph, context: _Context) -> str:
    text = _lines(block.text)
    if block.link:
        text = text.replace(escape(block.link), f'<a href="{escape(block.link)}">{escape(block.link)}</a>', 1)
    own_id = f' id="{context.table_title}"' if context.table_title else ""
    return f'<p class="p-{block.kind}"{own_id}>{text}</p>'


@_block.register
def _(block: Figures, context: _Context) -> str:
    items = "".join(f'<li><span class="value">{escape(value)}</span> <span class="label">{escape(label)}</span></li>'
                    for value, label in block.items)
    return f'<ul class="figures">{items}</ul>'


@_block.register
def _(block: Bullets, context: _Context) -> str:
    return "<ul>" + "".join(f"<li>{_marked(item)}</li>" for item in block.items) + "</ul>"


@_block.register
def _(block: IdeaList, context: _Context) -> str:
    label = context.w.gettext("Comment")
    items = []
    for item in block.items:
        note = f' <span class="note">({escape(item.note)})</span>' if item.note else ""
        link = " " + context.comment_link("idea", item.id, label, f"idea-{item.id}-text") if context.review else ""
        anchor = f"idea-{item.id}"
        items.append(f'<li{context.anchor_id(anchor)}><span id="{anchor}-text">{_marked(item.text)}</span>{note}{link}'
                     f'{context.messages_at(anchor)}{context.comments_at(anchor)}</li>')
    return '<ul class="ideas">' + "".join(items) + "</ul>"


@_block.register
def _(block: Quote, context: _Context) -> str:
    source = f"<footer>— {_marked(block.source)}</footer>" if block.source else ""
    return f"<blockquote><p>{_lines(block.text)}</p>{source}</blockquote>"


@_block.register
def _(block: Grid, context: _Context) -> str:
    head = "".join(f'<th scope="col">{_marked(column)}</th>' for column in block.columns)
    # A stacked table's cells carry their column's title, shown above each value on a narrow screen (CSS
    # ::before), which is read in the cell's language: a title in another language than the report's (a
    # group named only in English heading a French report's column) gives the cell its language, and the
    # value is marked against it (the report's words as the report's language, an English card as English).
    labels = [_cell_label(column) if block.stacked_on_phones else ("", None) for column in block.columns]
    labels += [("", None)] * max(0, max((len(row) for row in block.rows), default=0) - len(labels))
    rows = "".join(
        ('<tr class="flagged">' if n in block.flagged else "<tr>")
        + "".join(f"<td{label}>{_lines(cell, within=lang, report_lang=context.w.lang)}</td>"
                  for (label, lang), cell in zip(labels, row))
        + "</tr>" for n, row in enumerate(block.rows))
    # A wide table scrolls sideways in its box: focusable, so that a keyboard can scroll it, and named
    # after its title, else its section, for the screen reader that lands on it (a group: a region would
    # repeat the section's landmark under the same name).
    kind = "table-wrap stacked" if block.stacked_on_phones else "table-wrap"
    title = context.table_title or f"{escape(context.section)}-h"
    wrap = f'<div class="{kind}" role="group" tabindex="0" aria-labelledby="{title}">'
    return f'{wrap}<table>\n<thead><tr>{head}</tr></thead>\n<tbody>{rows}</tbody>\n</table></div>'


@_block.register
def _(block: Chart, context: _Context) -> str:
    png = block.png
    # The size it prints at (96 CSS pixels an inch), shrunk to a narrower column by an inline style: the HTML
    # pasted into a website's editor has none of report.css, and the PNG's own 975 pixels overflowed its column.
    width, height = (round(pixels * 96 / charts.DPI) for pixels in struct.unpack(">II", png[16:24]))  # PNG's IHDR
    source = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    own_id = f' id="{context.table_title}"' if context.table_title else ""
    return (f'<figure class="chart"><img src="{source}" alt="{escape(block.alt)}" width="{width}" height="{height}"'
            ' style="max-width: 100%; height: auto">'
            f"<figcaption{own_id}>{escape(block.title)}</figcaption></figure>")


def _table_titles(section: Section) -> list[str]:
    """For each of the section's blocks, the id that ties a table to the title written just above it (a strong
    paragraph: "Should this become an annual event?", or the caption of the chart of the same figures), given to
    both; "" for the others. Named after their section only, a section's tables were all "Forum evaluation" to a
    screen reader's list of them."""
    ids = [""] * len(section.blocks)
    for n, (block, after) in enumerate(zip(section.blocks, section.blocks[1:])):
        titled = isinstance(block, Chart) or isinstance(block, Paragraph) and block.kind == "strong"
        if titled and isinstance(after, Grid):
            ids[n] = ids[n + 1] = f"{escape(section.key)}-table-{n + 1}"
    return ids


def _section(section: Section, level: int, context: _Context) -> str:
    heading, key = min(level + 1, 6), escape(section.key)
    labelled = f' aria-labelledby="{key}-h"' if level == 1 else ""
    parts = [f'<section{context.anchor_id(section.key)}{labelled}>', f'<h{heading} id="{key}-h">{_marked(section.title)}</h{heading}>',
             context.messages_at(section.key)]
    if context.review and level == 1:
        label = context.w.gettext("Comment on this section")
        parts.append(f'<p class="comment-section">{context.comment_link("section", section.key, label, f"{section.key}-h")}</p>')
    parts.append(context.comments_at(section.key))  # a sub-section too: its comments were sent by its address
    parts += [_block(block, replace(context, section=section.key, table_title=title))
              for block, title in zip(section.blocks, _table_titles(section))]
    parts += [_section(child, level + 1, context) for child in section.children]
    return "\n".join(parts) + "\n</section>"


def _review_bar(review: Review, w: Wording, reviewers_title: str, anchors: set[str]) -> str:
    """The notice to the reviewers, with the messages and their comments that have no place in the draft
    (``anchors``: the places it has): messages about what the draft no longer holds (an idea deleted meanwhile) hold
    the address's fragment, where the page opens, focused (``REVIEW_MESSAGES``); others are said (role="status")."""
    if review.messages_at and review.messages_at not in anchors and review.messages:
        messages = _messages_box(review, review.messages_at)
    else:
        messages = "" if review.messages_at else _messages(review)
    elsewhere = _sent_comments([c for c in review.comments if c.anchor not in anchors], w,
                               w.gettext("Your comments on ideas no longer in the draft"), "sent-elsewhere")
    notice = escape(w.gettext(
        "You are reviewing the draft of this report for %(group)s. Comment on any section or idea: the organizer "
        "reads every comment, and the approved ones appear in the report's %(section)s section.")) % {
        "group": f"<strong>{escape(review.reviewer_group)}</strong>", "section": escape(w.quoted(reviewers_title))}
    region = escape(w.gettext("Review"))
    return (f'<div class="review-bar" role="region" aria-label="{region}">\n{messages}{_new_replies(review, w)}'
            f'<p>{notice}</p>\n{elsewhere}</div>')


def _language_switch(links: tuple[LanguageLink, ...], w: Wording) -> str:
    items = []
    for link in links:
        lang, name = escape(link.lang), escape(LANGUAGE_NAMES.get(link.lang, link.lang))
        items.append(f'<li><span aria-current="true" lang="{lang}">{name}</span></li>' if link.current else
                     f'<li><a href="{escape(link.url)}" lang="{lang}" hreflang="{lang}">{name}</a></li>')
    label = escape(w.gettext("Language"))
    return f'<nav class="lang-switch" aria-label="{label}">\n<ul>{"".join(items)}</ul>\n</nav>'


def render_html(doc: Document, review: Review | None = None, languages: tuple[LanguageLink, ...] = ()) -> str:
    w, anchors = wording(doc.lang), _anchors(doc.sections)
    context = _Context(w, review)
    # <title> holds text only, no <span lang>, and its lang would be the whole title's: the forum's name and the
    # report's own words ("Rapport post-forum — ...") are read in the report's language there; the <h1> marks it.
    parts = ["<!doctype html>", f'<html lang="{doc.lang}">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             '<meta name="robots" content="noindex">', f"<title>{escape(doc.title)} — {escape(doc.subtitle)}</title>",
             f"<style>{CSS_FILE.read_text(encoding='utf-8')}</style>"]
    if review and review.script and review.messages_at:
        parts.append(f'<script src="{escape(review.script)}" defer></script>')
    parts += ["</head>", "<body>"]
    if languages:
        parts.append(_language_switch(languages, w))
    if review:
        reviewers = next((s.title for s in doc.sections if s.key == "reviewers"), "")
        parts.append(_review_bar(review, w, reviewers, anchors))
    # main: the report is the page's main content (the language switch and review bar are landmarks of their own)
    parts += ["<main>", f'<article class="report" lang="{doc.lang}">', '<header class="report-head">',
              f"<h1>{_marked(doc.title)}</h1>", f'<p class="subtitle">{escape(doc.subtitle)}</p>']
    if doc.draft:
        parts.append(f'<p class="draft-flag">{escape(doc.draft_notice)}</p>')
    parts += [f'<p class="generated">{escape(doc.generated)}</p>', "</header>"]
    if doc.kind == "report":
        contents = escape(doc.contents_title)
        links = "".join(f'<li><a href="#{escape(s.key)}">{_marked(s.title)}</a></li>' for s in doc.sections)
        parts.append(f'<nav class="toc" aria-label="{contents}">\n<h2>{contents}</h2>\n<ol>{links}</ol>\n</nav>')
    parts += [_section(section, 1, context) for section in doc.sections]
    parts += ["</article>", "</main>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"
