"""Turn a forum's stored data and its latest analysis run into the report, in every format,
and the only writes of the organizer's report settings (language, texts per language, share link, final).

The ORM rows become a plain ``analysis.report.inputs.ReportInput``; ``analysis.report`` builds the
document and renders it (HTML, DOCX, PDF, Markdown).
"""
from __future__ import annotations

import datetime
import io
from copy import deepcopy
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from analysis.evaluation import NO_ANSWER, summarize
from analysis.matrix import mentions_matrix
from analysis.report.build import build_brief, build_report
from analysis.report.html import LanguageLink, Review, render_html
from analysis.report.inputs import ATTENDANCE_BASES, Attendance, ReportIdea, ReportInput
from analysis.report.wording import LANGUAGES, check_language, file_kind
from forum.database import writing
from forum.dates import today
from forum.extensions import db
from forum.lazy_text import lazy_gettext as _l
from forum.models import AnalysisRun, Ballot, Forum, Participant, ReportDraft, ReportText, ReviewComment, ReviewLink
from forum.services import seen_values, text_models
from forum.services.action_plan import action_item_records, committee_counts, publicly_named_owners
from forum.services.analysis_records import evaluation_records, group_choices, idea_records, vote_records
from forum.services.ballots import (has_priority_items, has_typed_items, priority_vote_open,
                                    results as ballot_results, vote_totals)
from forum.services.analysis_runs import (latest_run, live_assignments, live_priorities, run_assignments,
                                          themes_holding_cards)
from forum.services.errors import ServiceError
from forum.services.evaluation_results import results as evaluation_results, retired_question_keys, session_overview
from forum.services.forums import slugify
from forum.services.participation import evaluation_answerable
from forum.services.progress import progress_token
from forum.services.report_charts import kept_charts
from forum.services.report_drafts import published_report, report_draft  # noqa: F401 (its callers import them here)
from forum.services.report_pages import page_key
from forum.urls import public_url, public_url_set

BUILT_FILE = "file"  # the ``page_key`` of a report file built in the background (the pages kept have theirs)
FORMATS = {
    "html": ("text/html; charset=utf-8", "html"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "pdf": ("application/pdf", "pdf"),
    "md": ("text/markdown; charset=utf-8", "md"),
    "mdzip": ("application/zip", "zip"),  # the Markdown file and its charts' PNG files beside it
    "brief": ("application/pdf", "pdf"),
}


@dataclass
class RenderedReport:
    content: bytes
    mimetype: str
    filename: str
    built_from: str | None = None  # ``report_digest`` as the file's building began


def report_digest(forum: Forum, lang: str) -> str:
    """A digest of what the forum's report in ``lang`` is built from as it stands (``report_pages.page_key``: a few
    small queries, where putting the report's input together takes up to a second on a 5,000-card forum): a file
    built when the digest was the one it is now says what the report says now (its analysis run and corrections,
    texts, cards, answers, ratings, votes, reviews, actions, date and code all unchanged)."""
    return page_key(forum, BUILT_FILE, lang)


def _language_of(text: str, default: str) -> str:
    """``analysis.preprocess.detect_language``, imported when a report is built: that module loads
    scikit-learn, which the app's start must not (tests/forum/test_startup.py)."""
    from analysis.preprocess import detect_language

    return detect_language(text, default=default)


def _stored_draft(forum: Forum) -> ReportDraft:
    """The forum's draft, stored now if it was not yet (call inside ``writing()``)."""
    draft = report_draft(forum)
    if draft.id is None:
        db.session.add(draft)
        db.session.flush()
    return draft


def report_texts(forum: Forum, language: str) -> ReportText:
    """The organizer's texts in one report language; until first saved, empty ones (not stored)."""
    texts = db.session.scalar(select(ReportText).where(ReportText.forum_id == forum.id,
                                                       ReportText.language == language))
    return texts if texts is not None else ReportText(forum_id=forum.id, language=language)


def drafted_languages(forum: Forum) -> list[str]:
    """The forum's report languages whose executive summary or way forward is still the text drafted
    from the data (the report prints it under "DRAFT generated from the data")."""
    def written(lang: str) -> bool:
        texts = report_texts(forum, lang)
        return all(text and text.strip() for text in (texts.executive_summary, texts.way_forward))

    languages = [lang for lang in forum.language_list if lang in LANGUAGES] or [report_draft(forum).language]
    return [lang for lang in languages if not written(lang)]


def _report_form_values(draft: ReportDraft, texts: ReportText) -> dict:
    """What the report's form sets, field by field (``seen_values``); a text None: the one drafted from the data."""
    return {"language": draft.language, "attendees_basis": draft.attendees_basis,
            "include_appendix": bool(draft.include_appendix), "executive_summary": texts.executive_summary,
            "way_forward": texts.way_forward}


def report_mark(forum: Forum, text_language: str) -> str:
    """What the report's form keeps of the settings and the ``text_language`` texts it showed
    (``seen_values.mark``)."""
    texts = report_texts(forum, check_language(text_language))
    return seen_values.mark(_report_form_values(report_draft(forum), texts))


def report_saved_now(forum: Forum, text_language: str) -> dict[str, str]:
    """The report's form's fields as saved now, as texts by field (a text drafted from the data: empty)."""
    texts = report_texts(forum, check_language(text_language))
    return seen_values.slots(_report_form_values(report_draft(forum), texts))


def save_report(forum: Forum, *, language: str, attendees_basis: str, text_language: str,
                executive_summary: str | None, way_forward: str | None, include_appendix: bool = True,
                seen: str | None = None) -> list[str]:
    """The report's default language, what it counts as a participant, whether it ends with the
    every-idea appendix, and the organizer's texts in ``text_language`` (None: the text drafted from the data).
    ``seen``: the form's ``report_mark`` (None: not checked); a field someone else changed since is kept as they left
    it when this form did not change it, and refused (``seen_values.ChangedMeanwhile``) when it did, rather than
    silently undone. Returns the fields kept so."""
    if attendees_basis not in ATTENDANCE_BASES:
        raise ServiceError(400, _l("Choose who counts as a participant."))
    with writing():
        draft = _stored_draft(forum)
        # the draft's row locked and it and the texts read again as they now stand (PostgreSQL; SQLite's writers
        # take turns)
        db.session.scalar(select(ReportDraft).where(ReportDraft.id == draft.id).with_for_update()
                          .execution_options(populate_existing=True))
        texts = report_texts(forum, check_language(text_language))
        if texts.id is not None:
            db.session.refresh(texts)
        kept, marks = [], seen_values.read_mark(seen)
        if marks is not None:
            mine = {"language": check_language(language), "attendees_basis": attendees_basis,
                    "include_appendix": bool(include_appendix), "executive_summary": executive_summary,
                    "way_forward": way_forward}
            merged, kept, clashes = seen_values.merged(_report_form_values(draft, texts), mine, marks)
            if clashes:
                raise seen_values.ChangedMeanwhile(clashes)
            language, attendees_basis = merged["language"], merged["attendees_basis"]
            include_appendix = merged["include_appendix"] == str(True)
            executive_summary, way_forward = merged["executive_summary"] or None, merged["way_forward"] or None
        draft.language, draft.attendees_basis = check_language(language), attendees_basis
        draft.include_appendix = bool(include_appendix)
        texts.executive_summary, texts.way_forward = executive_summary, way_forward
        db.session.add(texts)
        return kept


def share_report(forum: Forum, shared: bool) -> None:
    with writing():
        _stored_draft(forum).shared = shared


def reissue_share_link(forum: Forum) -> None:
    """A new link for the shared report; the old one stops working."""
    with writing():
        _stored_draft(forum).reissue_share_link()


def mark_final(forum: Forum, final: bool) -> None:
    with writing():
        _stored_draft(forum).mark_final(final)


# ---- evaluation --------------------------------------------------------------------------------

def live_evaluation(forum: Forum, run: AnalysisRun | None, group: bool = True) -> dict | None:
    """The evaluation's figures from the responses as they are now (``analysis.evaluation.summarize``;
    None without a response) with its open answers grouped (``grouped_answers``): a run stores the
    figures of when it ran, and answers keep arriving after it. ``group=False`` (a page loaded often while
    answers arrive) never groups in the request: the run's groups while they hold, otherwise none."""
    records, answer_texts = evaluation_records(forum)
    if not records:
        return None
    evaluation = summarize(records)
    evaluation["grouped_answers"] = _grouped_answers(run, evaluation, answer_texts, group)
    return evaluation


def _grouped_answers(run: AnalysisRun | None, summary: dict, answer_texts: dict[str, list[str]],
                     group: bool) -> dict:
    """The open answers grouped into themes: the run's grouping while the answers are still those it
    grouped (a participant who changed or emptied an answer since is not quoted as they first wrote it),
    otherwise grouped now (``group``) or none."""
    stored = ((run.results or {}).get("evaluation") or {}) if run else {}
    grouped = stored.get("grouped_answers")
    if grouped and stored.get("text_answers") == summary["text_answers"] and _groups_hold(grouped, answer_texts):
        return grouped
    if not group:
        return {}
    return {key: deepcopy(_grouped_texts(tuple(texts))) for key, texts in sorted(answer_texts.items()) if texts}


@lru_cache(maxsize=32)
def _grouped_texts(texts: tuple[str, ...]) -> list[dict]:
    """The same answers always group the same way: grouped once, not for the report page, its preview and
    each download again (seconds for a large forum's 400 answers, while the run predates the evaluation)."""
    return text_models.group_texts(list(texts))


def _groups_hold(grouped: dict[str, list[dict]], answer_texts: dict[str, list[str]]) -> bool:
    """Whether stored groups of answers count and quote each question's answers as they are now."""
    if {key for key, groups in grouped.items() if groups} != {key for key, texts in answer_texts.items() if texts}:
        return False
    return all(sum(group["count"] for group in groups) == len(answer_texts[key])
               and all(quote in answer_texts[key] for group in groups for quote in group.get("quotes", []))
               for key, groups in grouped.items() if groups)


# The questions whose answers fill the evaluation's own figures and tables (analysis.evaluation.summarize)
SUMMARIZED_KEYS = ("rating", "annual", "wants_involvement")


def _added_questions(forum: Forum, lang: str) -> list[dict]:
    """The organizer's own rating, choice and yes/no questions of the evaluation, in the form's order, with
    their answers counted (a choice's label missing in ``lang`` is given in the language it has)."""
    return [{"key": q["key"], "kind": q["kind"], "prompt": q["prompt"], "no_answer": q[NO_ANSWER], "retired": q["retired"],
             "rows": [{"value": row["value"], "label": row["label"], "count": row["count"], "percent": row["percent"],
                       "removed": bool(row.get("removed"))} for row in q["rows"]]}
            for q in evaluation_results(forum, None, lang)["questions"]
            if q["kind"] in ("rating", "choice", "yes_no") and q["key"] not in SUMMARIZED_KEYS]


def _annual_choices(forum: Forum, lang: str) -> list[dict] | None:
    """The choices of the forum's own annual question ("Should this become an annual event?"), as the
    organizer set them up, in the form's order (None: the forum has no such choice question)."""
    question = next((q for q in forum.questions if q.round_id is None and q.key == "annual" and q.kind == "choice"),
                    None)
    if question is None:
        return None
    return [{"value": choice.value, "label": choice.label.in_(lang), "removed": choice.removed}
            for choice in question.options]


def _in_the_forms_order(evaluation: dict | None, choices: list[dict] | None) -> dict | None:
    """The evaluation with its annual answers counted in the order of the forum's own choices, then the
    answers outside them, then "No answer", as the results page counts them: whole percents hand the points
    rounding leaves over in that order, so the report's percents are the results page's."""
    if not evaluation or choices is None:
        return evaluation
    counts = dict(evaluation["annual_counts"])
    no_answer = counts.pop(NO_ANSWER, 0)
    ordered = {choice["value"]: counts.pop(choice["value"], 0) for choice in choices}
    ordered.update(sorted((value, count) for value, count in counts.items() if count))
    ordered[NO_ANSWER] = no_answer
    return dict(evaluation, annual_counts=ordered)


def _session_ratings(forum: Forum) -> list[dict]:
    """The rounds whose rating someone answered: their responses and average rating (a round whose only answers
    are comments, with no rating, has no average to give: it is left out)."""
    return [{"round": session["round"].key, "responses": session["responses"], "ratings": session["ratings"],
             "comments_only": session["comments_only"], "mean": session["mean"]}
            for session in session_overview(forum) if session["responses"] and session["mean"] is not None]


def attendance(forum: Forum, evaluated: int, basis: str) -> Attendance:
    """Who came, counted three ways; ``basis`` says which count is the report's participants."""
    def participants(*conditions) -> int:
        return db.session.scalar(select(func.count(Participant.id)).where(Participant.forum_id == forum.id,
                                                                          *conditions)) or 0

    return Attendance(registered=participants(Participant.registered.is_(True)),
                      joined=participants(Participant.device_token.is_not(None)), evaluated=evaluated, basis=basis)


# ---- the report input --------------------------------------------------------------------------

def _tagged_mentions(forum: Forum, cards) -> dict[str, dict[str, int]]:
    """Group × group mentions by the ideas facilitators tagged, without the zeros (the run's matrix
    also counts the analysis' suggestions, which the report's charts leave out)."""
    counts = mentions_matrix([idea for idea in cards if idea.stakeholder], group_choices(forum))["counts"]
    return {a: {b: int(n) for b, n in row.items() if n} for a, row in counts.items()}


def _report_idea(idea, assignments: dict[str, str], suggestions: dict[str, dict],
                 lang: str | None = None) -> ReportIdea:
    """An idea of the report: its tag, or for an untagged idea the run's suggestion or its "not sure"
    (an idea whose suggestion the organizer set aside is untagged, neither), and its language ``lang``."""
    suggestion = None if idea.stakeholder else suggestions.get(idea.id)
    if suggestion and suggestion.get("rejected"):
        suggestion = None
    return ReportIdea(id=int(idea.id), text=idea.text, round=idea.round, group=idea.stakeholder,
                      theme=assignments.get(idea.id), table=idea.table, starred=idea.starred,
                      suggested_group=suggestion["group"] if suggestion else None,
                      group_not_sure=suggestion is not None and suggestion["group"] is None, lang=lang)


def _reviews(forum: Forum) -> list[dict]:
    rows = db.session.execute(
        select(ReviewComment, ReviewLink.reviewer_group)
        .join(ReviewLink, ReviewLink.id == ReviewComment.review_link_id)
        .where(ReviewComment.forum_id == forum.id, ReviewComment.status == "approved")
        .order_by(ReviewLink.id, ReviewComment.created_at, ReviewComment.id)
        .options(selectinload(ReviewComment.idea)))
    return [{"reviewer": group, "author": comment.author_name, "section": comment.section,
             "idea_text": comment.idea.text if comment.idea and comment.idea.deleted_at is None else None,
             "text": comment.text} for comment, group in rows]


def _report_actions(forum: Forum, lang: str, as_of: datetime.date) -> list[dict]:
    """The plan's items as the report prints them: an owner is named only if they agreed to be named
    publicly, as on the progress page (the report is shared by link and sent to funders); overdue ``as_of`` the
    report's date, which the report says."""
    named = publicly_named_owners(forum)
    return [dict(item, owner=item["owner"] if item["owner_signup_id"] in named else None, owner_email=None,
                 owner_withheld=item["owner"] is not None and item["owner_signup_id"] not in named)
            for item in action_item_records(forum, lang, as_of)]


def _typed_votes(forum: Forum, lang: str) -> list[dict]:
    """The forum's dot votes with items the organizer typed, with the results of those items as the vote's results
    page counts them (the dots on a vote's themes or cards count in the priorities' dots instead, and are not in these
    tables: a vote may mix both); a vote without a dot on its typed items is left out."""
    votes = []
    for ballot in db.session.scalars(select(Ballot).where(Ballot.forum_id == forum.id)
                                     .order_by(Ballot.opened_at.is_(None), Ballot.opened_at, Ballot.id)):
        if not has_typed_items(ballot):
            continue
        summary = ballot_results(ballot, lang, typed_only=True)
        if summary["dots"]:
            votes.append({"title": summary["ballot"]["title"], "voters": summary["voters"], "dots": summary["dots"],
                          "open": ballot.status == "open", "with_priorities": has_priority_items(ballot),
                          "items": [{"label": item["label"], "dots": item["dots"], "voters": item["voters"]}
                                    for item in summary["items"]]})
    return votes


def _votes(forum: Forum, live: dict[str, str] | None) -> dict | None:
    """The forum's dot votes (``vote_totals``), with the priority dots (on the items of themes or cards, whatever vote
    holds them) that count for no priority (``"no_priority"``): on a theme whose every card was deleted since the
    analysis ran, or on a card in no theme (added after it); the priorities page shows them nowhere either. ``live``:
    the run's card → theme key of the cards still there (None: no analysis, no priority to count them in)."""
    totals = vote_totals(forum.id)
    if totals is None or live is None or not totals["priority"]["dots"]:
        return totals
    themes = set(live.values())
    # the records are the dots on themes and cards only (a typed item is no record), as the analysis counts them
    counted = sum(record.dots for record in vote_records(forum, live)
                  if record.item in themes or live.get(record.item) in themes)
    return dict(totals, priority=dict(totals["priority"], no_priority=max(0, totals["priority"]["dots"] - counted)))


def _label_language(theme, lang: str) -> str | None:
    """The language of a theme's name where the report shows it: the language it is stored as, or for a name the
    organizer gave, what its words tell (a name typed as plain text is stored as the analysis' language's whatever it
    was typed in: "Mentorat des nouveaux arrivants" on a forum analysed in English is French all the same)."""
    shown = theme.label.shown_in(lang)
    return _language_of(theme.label.in_(lang), default=shown) if theme.label_is_manual and shown else shown


def _subthemes(results: dict, key: str, assignments: dict[str, str]) -> list[dict]:
    """The sub-themes of the theme ``key`` with the number of its ideas still in each."""
    counted = [{"label": sub["label"], "ideas": sum(assignments.get(str(i)) == key for i in sub["idea_ids"])}
               for sub in results.get("subthemes") or [] if sub["parent"] == key]
    return [sub for sub in counted if sub["ideas"]]


def tables_heard(ideas) -> int:
    """The tables that captured ideas (not empty ones); 0, as for a forum without tables, when too
    few ideas say which table wrote them (``analysis.priorities.tables_known``, the priorities' rule)."""
    from analysis.priorities import tables_known

    tabled = [idea.table for idea in ideas if idea.table]
    return len(set(tabled)) if tables_known(len(tabled), len(ideas)) else 0


def tables_counted(priorities: list[dict], ideas) -> tuple[int, int, int]:
    """The report's tables, decided once from one set of cards: (tables, ideas saying their table, ideas). Once the
    priorities are ranked, theirs (``live_priorities``: the analysed cards still there; cards added since are in no
    theme and not counted), so the report's figure and note say what its priorities' scores and reasons and the
    priorities page use; else the forum's cards now (``tables_heard``). Tables 0 when too few ideas say their table."""
    ranked = next((p for p in priorities if "ideas_total" in p), None)
    if ranked is None:
        return tables_heard(ideas), sum(1 for idea in ideas if idea.table), len(ideas)
    known = (ranked.get("components") or {}).get("tables") is not None
    return (ranked["tables_total"] if known else 0), ranked["ideas_with_table"], ranked["ideas_total"]


def _typed_languages(forum: Forum, lang: str, card_languages: dict, actions: list[dict], reviews: list[dict],
                     grouped_answers: dict) -> dict[str, str]:
    """The texts of the report people typed whose language is known and is not the report's ``lang``: the
    prompts and choices of the evaluation without a translation (the language they are shown in), the
    answers quoted and the reviewers' comments (told apart by their words: an answer without any telling
    word is not marked), the action items' titles, priorities, lead groups and latest follow-ups."""
    languages: dict[str, str] = {}

    def add(text: str | None, language: str | None) -> None:
        if text and language and language != lang:
            languages.setdefault(text, language)

    for question in forum.questions:
        if question.round_id is None:
            add(question.prompt.in_(lang), question.prompt.shown_in(lang))
            for choice in question.options if question.kind == "choice" else ():
                add(choice.label.in_(lang), choice.label.shown_in(lang))
    for groups in grouped_answers.values():
        for group in groups:
            quoted = [_language_of(quote, default="") for quote in group.get("quotes", [])]
            for quote, language in zip(group.get("quotes", []), quoted):
                add(quote, language)
            told = [language for language in quoted if language]
            if told:  # the group's label is made of its answers' words
                add(group["label"], max(set(told), key=told.count))
    for review in reviews:
        add(review["text"], _language_of(review["text"], default=""))
        if review.get("idea_text"):
            add(review["idea_text"], card_languages.get(review["idea_text"]) or _language_of(review["idea_text"],
                                                                                              default=""))
    groups = {group.name.in_(lang): group.name.shown_in(lang) for group in forum.groups}
    for action in actions:
        add(action["title"], action.get("title_lang"))
        add(action.get("priority"), action.get("priority_lang"))
        add(action.get("lead"), groups.get(action.get("lead")))
        if action.get("latest_follow_up"):
            note = action["latest_follow_up"]["note"]
            add(note, _language_of(note, default=""))
    return languages


def report_input(forum: Forum, lang: str, run: AnalysisRun | None = None) -> ReportInput:
    """Everything the report says, from the forum's rows and its latest run (``run`` if the caller has it)."""
    lang = check_language(lang)
    draft = report_draft(forum)
    texts = report_texts(forum, lang)
    run = run if run is not None else latest_run(forum)
    results = (run.results or {}) if run else {}
    assignments = run_assignments(run) if run else {}
    cards = idea_records(forum)
    # the cards deleted since the run are in no theme, sub-theme or figure of the report
    live = live_assignments(run, cards, assignments) if run else {}
    themes = [{"key": theme.key, "label": theme.label.in_(lang), "lang": _label_language(theme, lang),
               "subthemes": [dict(sub, lang=run.language) for sub in _subthemes(results, theme.key, live)]}
              for theme in themes_holding_cards(run, live)] if run else []
    suggestions = results.get("stakeholder_suggestions") or {}
    # the language each card is written in, told by its words (else the forum's first language, which the
    # analysis reads it in): an English card of a French report is read out in English
    card_languages = {idea.text: _language_of(idea.text, default=forum.main_language) for idea in cards}
    ideas = [_report_idea(idea, assignments, suggestions, card_languages[idea.text]) for idea in cards]
    labels = {theme["key"]: theme["label"] for theme in themes}
    priorities = [dict(p, label=labels[p["theme_key"]], votes=p["counts"]["votes"])
                  for p in live_priorities(run, ideas=cards, assignments=assignments)] if run else []
    tables, ideas_with_table, ideas_counted = tables_counted(priorities, ideas)
    annual_choices = _annual_choices(forum, lang)
    evaluation = _in_the_forms_order(live_evaluation(forum, run), annual_choices)
    questions = {q.key: q.prompt.in_(lang) for q in forum.questions if q.round_id is None}
    committee = committee_counts(forum)  # members carried from the previous edition did not sign up at this one
    generated_on = today(forum)  # the report's date: its overdue items are overdue as of that day, which it says
    actions, reviews = _report_actions(forum, lang, generated_on), _reviews(forum)
    grouped_answers = evaluation["grouped_answers"] if evaluation else {}
    return ReportInput(
        name=forum.name.in_(lang), date=forum.date, venue=forum.venue,
        attendance=attendance(forum, evaluation["responses"] if evaluation else 0, draft.attendees_basis),
        tables=tables, ideas_with_table=ideas_with_table, ideas_counted=ideas_counted,
        rounds=[{"key": r.key, "title": r.title.in_("en"), "title_fr": r.title.fr,
                 "langs": {code: r.title.shown_in(code) for code in LANGUAGES}} for r in forum.rounds],
        groups=[{"key": g.key, "name": g.name.in_("en"), "name_fr": g.name.fr,
                 "langs": {code: g.name.shown_in(code) for code in LANGUAGES}} for g in forum.groups],
        ideas=ideas, themes=themes, priorities=priorities,
        near_duplicates=results.get("near_duplicates") or [],
        mentions=_tagged_mentions(forum, cards) if run else {},
        evaluation=evaluation,
        grouped_answers=grouped_answers, name_lang=forum.name.shown_in(lang),
        languages=_typed_languages(forum, lang, card_languages, actions, reviews, grouped_answers),
        questions=questions, retired_questions=retired_question_keys(forum),
        added_questions=_added_questions(forum, lang) if evaluation else [],
        annual_choices=annual_choices,
        sessions=_session_ratings(forum), reviews=reviews, actions=actions, signups=committee["signups"],
        carried_members=committee["carried_members"],
        vote=_votes(forum, live if run else None), typed_votes=_typed_votes(forum, lang),
        evaluation_open=evaluation_answerable(forum), vote_open=priority_vote_open(forum.id),
        sessions_open=any(r.rating_open for r in forum.rounds),
        # only an address readers reach: unset, PUBLIC_URL is this machine's loopback (no request to go by in a job)
        progress_url=public_url("public.progress_page", token=progress_token(forum), lang=lang)
        if forum.progress_shared and public_url_set() else None,
        steering_model=forum.steering_model, executive_summary=texts.executive_summary,
        way_forward=texts.way_forward, final=draft.published_at is not None,
        include_appendix=draft.include_appendix is not False, generated_on=generated_on,
    )


# ---- rendering ---------------------------------------------------------------------------------

def report_html(forum: Forum, lang: str, review: Review | None = None,
                languages: tuple[LanguageLink, ...] = (), draw: bool = True) -> str:
    """The forum's report as one HTML page; ``review`` adds a reviewer's comment links, ``languages``
    a switch to the report in its other languages. ``draw`` False: ``ChartsToDraw`` when a chart is kept nowhere
    yet (the first build after a change of what it shows), instead of drawing it."""
    with kept_charts(forum.id, draw):
        return render_html(build_report(report_input(forum, lang), lang), review, languages)


def report_language(requested: str | None, default: str) -> str:
    """The report language asked for (e.g. by ``?lang=``) if the report has it, else ``default``."""
    return requested if requested in LANGUAGES else default


def filename_for(forum: Forum, fmt: str, lang: str) -> str:
    """The download's file name, in the report's language and plain ASCII: the forum's name cut at a
    word, what the file is ("report", "rapport"; "brief", "synthese") and the language."""
    return f"{file_stem(forum, 'brief' if fmt == 'brief' else 'report', lang)}-{lang}.{FORMATS[fmt][1]}"


def file_stem(forum: Forum, kind: str, lang: str) -> str:
    """A download's name without its extension, in ``lang`` and plain ASCII: the forum's name cut at a
    word and what the file is (``kind``: see ``file_kind``; "action_plan" gives "action-plan", "plan-d-action")."""
    return f"{slugify(forum.name.in_(lang), '-', 60, 'forum')}-{slugify(file_kind(kind, lang), '-')}"


def render_report(forum: Forum, fmt: str, lang: str, image_dir=None, draw: bool = True) -> RenderedReport:
    """The report (or the one-page brief) of a forum as a file; ``fmt`` is one of FORMATS.

    Markdown names its charts unless ``image_dir`` is given: then they are written there as PNG
    files and linked by relative path. ``mdzip`` is a ZIP of the Markdown file and its charts.
    ``draw`` as ``report_html``'s.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    built_from = report_digest(forum, lang)  # before the rows are read: a change meanwhile makes the file out of date
    with kept_charts(forum.id, draw):
        content = _report_content(forum, fmt, lang, report_input(forum, lang), image_dir)
    return RenderedReport(content, FORMATS[fmt][0], filename_for(forum, fmt, lang), built_from)


def _report_content(forum: Forum, fmt: str, lang: str, data: ReportInput, image_dir) -> bytes:
    if fmt == "html":
        return render_html(build_report(data, lang)).encode("utf-8")
    if fmt in ("brief", "pdf"):
        from analysis.report.pdf import render_pdf

        return render_pdf(build_brief(data, lang) if fmt == "brief" else build_report(data, lang))
    document = build_report(data, lang)
    if fmt == "docx":
        from analysis.report.docx import render_docx

        return render_docx(document)
    if fmt == "mdzip":
        return _markdown_zip(document, filename_for(forum, "md", lang))
    from analysis.report.markdown import render_markdown

    prefix = f"{image_dir.name}/" if image_dir else ""
    return render_markdown(document, image_dir, prefix).encode("utf-8")


def _markdown_zip(document, markdown_name: str) -> bytes:
    """A ZIP of ``markdown_name`` and, beside it, the folder of its charts that it links to."""
    import tempfile
    import zipfile
    from pathlib import Path

    from analysis.report.markdown import render_markdown

    charts = Path(markdown_name).stem + "_charts"
    with tempfile.TemporaryDirectory() as directory:
        image_dir = Path(directory) / charts
        markdown = render_markdown(document, image_dir, f"{charts}/")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(markdown_name, markdown)
            for image in sorted(image_dir.glob("*.png")):
                archive.write(image, f"{charts}/{image.name}")
    return buffer.getvalue()
