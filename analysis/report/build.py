"""Build the report ``Document`` (and the one-page brief) from a ``ReportInput``.

Sections with headings and blocks (paragraphs, key figures, idea lists, grids, charts, quotes)
in English or French; every renderer walks the same document, so every format says the same thing.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from analysis.evaluation import ANNUAL_CHOICES, NO_ANSWER, RATING_SCALE, TEXT_FIELDS
from analysis.report.actionplan import OPEN_STATUSES
from analysis.report.document import (Bullets, Chart, Document, Figures, Grid, IdeaItem, IdeaList, Paragraph, Quote,
                                      Section)
from analysis.report.inputs import ReportIdea, ReportInput
from analysis.report.wording import check_language, format_date, format_decimal, format_percent, join_words, quoted, t

TOP_PRIORITIES = 5
EXAMPLES_PER_PRIORITY = 3
BRIEF_PRIORITIES = 5
BRIEF_STEPS = 5


# ---- helpers -----------------------------------------------------------------------------------

class _Names:
    """Display names of rounds, groups and themes in the report's language."""

    def __init__(self, data: ReportInput, lang: str):
        self.lang = lang
        self.rounds = {r["key"]: ((r.get("title_fr") or r["title"]) if lang == "fr" else r["title"])
                       for r in data.rounds}
        self.groups = {g["key"]: ((g.get("name_fr") or g["name"]) if lang == "fr" else g["name"]) for g in data.groups}
        self.themes = {th["key"]: th["label"] for th in data.themes}

    def round(self, key):
        return self.rounds.get(key, key) if key else t(self.lang, "no_round")

    def group(self, key):
        return self.groups.get(key, key) if key else t(self.lang, "untagged")

    def theme(self, key):
        return self.themes.get(key, key) if key else t(self.lang, "no_theme")


def _order(keys_in_order: list[str], present) -> list:
    """Known keys in their order, then unknown ones sorted, then None (missing) last."""
    present = set(present)
    known = [key for key in keys_in_order if key in present]
    extra = sorted(key for key in present if key is not None and key not in keys_in_order)
    return known + extra + ([None] if None in present else [])


def _paragraphs(text: str, kind: str = "text") -> list[Paragraph]:
    return [Paragraph(part.strip(), kind) for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


def _rounds_heard(data: ReportInput) -> int:
    """Rounds that produced ideas; all the forum's rounds when no idea names its round."""
    return len({idea.round for idea in data.ideas if idea.round}) or len(data.rounds)


def _groups_heard(data: ReportInput) -> int:
    return len({idea.group for idea in data.ideas if idea.group})


def _by_theme(data: ReportInput) -> dict:
    """Theme key (None: not in a theme) → its ideas."""
    by_theme: dict = defaultdict(list)
    for idea in data.ideas:
        by_theme[idea.theme].append(idea)
    return by_theme


def _percent(evaluation: dict, key: str, lang: str) -> str:
    return format_percent(evaluation.get(key), lang)


class _Duplicates:
    """Near-duplicate groups: the first idea of a group is shown with a note, the others are skipped."""

    def __init__(self, groups: list[dict], ideas_by_id: dict, lang: str):
        self.note, self.hidden = {}, set()
        for group in groups:
            members = sorted(i for i in group.get("idea_ids", []) if i in ideas_by_id)
            if len(members) < 2:
                continue
            first, *rest = members
            tables = int(group.get("tables") or 0)
            self.note[first] = (t(lang, "raised_at", n=tables) if tables > 1
                                else t(lang, "raised_times", n=len(members)))
            self.hidden.update(rest)


# ---- sections ----------------------------------------------------------------------------------

def draft_executive_summary(data: ReportInput, lang: str) -> str:
    names = _Names(data, lang)
    when = format_date(data.date, lang) if data.date else t(lang, "exec_date_unknown")
    attendees = t(lang, "exec_attendees", n=data.attendees) if data.attendees else t(lang, "exec_no_attendees")
    first = t(lang, "exec_1" if data.tables else "exec_1_notables", date=when, attendees=attendees, name=data.name,
              tables=data.tables, rounds=_rounds_heard(data), ideas=len(data.ideas), groups=_groups_heard(data))
    findings = []
    if data.themes:
        sizes = Counter(idea.theme for idea in data.ideas if idea.theme)
        largest = [quoted(names.theme(key), lang) for key, _ in sizes.most_common(3)]
        findings.append(t(lang, "exec_themes", n=len(data.themes), themes=join_words(largest, lang)))
    if data.priorities:
        top = [quoted(p["label"], lang) for p in data.priorities[:3]]
        findings.append(t(lang, "exec_priorities", items=join_words(top, lang)))
    paragraphs = [first, " ".join(findings)]
    evaluation = data.evaluation
    if evaluation and evaluation.get("responses"):
        paragraphs.append(t(lang, "exec_eval", n=evaluation["responses"],
                            mean=format_decimal(evaluation.get("mean_rating"), lang),
                            satisfied=_percent(evaluation, "satisfied_share", lang),
                            annual=_percent(evaluation, "annual_share", lang),
                            involvement=_percent(evaluation, "involvement_share", lang)))
    return "\n\n".join(p for p in paragraphs if p)


def draft_way_forward(data: ReportInput, lang: str) -> str:
    parts = [t(lang, "way_1")]
    if data.signups:
        parts.append(t(lang, "way_2", n=data.signups))
    parts.append(t(lang, "way_3"))
    return "\n\n".join(parts)


def _editable(text: str | None, draft: str, lang: str) -> list:
    if text and text.strip():
        return _paragraphs(text)
    return [Paragraph(t(lang, "draft_marker"), "note")] + _paragraphs(draft, "draft")


def _summary_figures(data: ReportInput, lang: str) -> Figures:
    items = []
    if data.attendees:
        items.append((str(data.attendees), t(lang, "fig_attendees")))
    items += [
        (str(len(data.ideas)), t(lang, "fig_ideas")),
    ]
    if data.tables:
        items.append((str(data.tables), t(lang, "fig_tables")))
    items += [
        (str(_rounds_heard(data)), t(lang, "fig_rounds")),
        (str(_groups_heard(data)), t(lang, "fig_groups")),
    ]
    if data.themes:
        items.append((str(len(data.themes)), t(lang, "fig_themes")))
    return Figures(items)


def _evaluation_figures(evaluation: dict, lang: str) -> Figures:
    return Figures([
        (str(evaluation["responses"]), t(lang, "fig_responses")),
        (format_decimal(evaluation.get("mean_rating"), lang), t(lang, "fig_mean")),
        (_percent(evaluation, "satisfied_share", lang), t(lang, "fig_satisfied")),
        (_percent(evaluation, "annual_share", lang), t(lang, "fig_annual")),
        (_percent(evaluation, "involvement_share", lang), t(lang, "fig_involvement")),
    ])


def _mention_weights(data: ReportInput, group_keys: list[str]) -> list[tuple[int, int, int]]:
    index = {key: i for i, key in enumerate(group_keys)}
    weights: Counter = Counter()
    for source, targets in data.mentions.items():
        for target, count in targets.items():
            if source in index and target in index and source != target and count:
                pair = tuple(sorted((index[source], index[target])))
                weights[pair] += int(count)
    return [(i, j, weight) for (i, j), weight in sorted(weights.items())]


def _charts(data: ReportInput, names: _Names, lang: str) -> list[Chart]:
    group_keys = _order([g["key"] for g in data.groups], {i.group for i in data.ideas})
    round_keys = _order([r["key"] for r in data.rounds], {i.round for i in data.ideas})
    by_pair = Counter((i.group, i.round) for i in data.ideas)
    result = [Chart("groups", t(lang, "chart_groups"), t(lang, "alt_groups"), "ideas_by_group_and_round", (
        [names.group(g) for g in group_keys], [names.round(r) for r in round_keys],
        [[by_pair[(g, r)] for r in round_keys] for g in group_keys], t(lang, "axis_ideas"), t(lang, "no_ideas")))]
    if data.themes:
        sizes = Counter(i.theme for i in data.ideas)
        theme_keys = [th["key"] for th in data.themes if sizes[th["key"]]]
        result.append(Chart("themes", t(lang, "chart_themes"), t(lang, "alt_themes"), "theme_sizes", (
            [names.theme(k) for k in theme_keys], [sizes[k] for k in theme_keys], t(lang, "axis_ideas"),
            t(lang, "no_priorities"))))
        tagged = [g for g in group_keys if g is not None]
        by_cell = Counter((i.theme, i.group) for i in data.ideas)
        result.append(Chart("heatmap", t(lang, "chart_heatmap"), t(lang, "alt_heatmap"), "theme_group_heatmap", (
            [names.theme(k) for k in theme_keys], [names.group(g) for g in tagged],
            [[by_cell[(k, g)] for g in tagged] for k in theme_keys], t(lang, "no_priorities"))))
    mention_groups = [g["key"] for g in data.groups]
    weights = _mention_weights(data, mention_groups)
    if weights:
        result.append(Chart("mentions", t(lang, "chart_mentions"), t(lang, "alt_mentions"), "mentions_map", (
            [names.group(g) for g in mention_groups], weights, t(lang, "legend_strong"), t(lang, "legend_weak"),
            t(lang, "no_mentions"))))
    return result


def _priority_why(priority: dict, members: list[ReportIdea], lang: str) -> str:
    return t(lang, "priority_why", why=_priority_breadth(priority, members, lang))


def _priority_breadth(priority: dict, members: list[ReportIdea], lang: str) -> str:
    groups = len({i.group for i in members if i.group})
    tables = len({i.table for i in members if i.table})
    parts = [t(lang, "priority_breadth", ideas=len(members), groups=groups, tables=tables) if tables
             else t(lang, "priority_breadth_notables", ideas=len(members), groups=groups)]
    votes = priority.get("votes")
    if votes:
        parts.append(t(lang, "priority_votes", votes=int(votes)))
    return "; ".join(parts)


def _priorities_section(data: ReportInput, by_theme: dict, ideas_by_id: dict, lang: str) -> Section:
    section = Section("priorities", t(lang, "priorities"))
    if not data.priorities:
        section.blocks.append(Paragraph(t(lang, "no_priorities"), "note"))
        return section
    for priority in data.priorities[:TOP_PRIORITIES]:
        members = by_theme.get(priority.get("theme_key"), [])
        examples = [ideas_by_id[i].text for i in priority.get("example_idea_ids", []) if i in ideas_by_id]
        examples = examples[:EXAMPLES_PER_PRIORITY] or [i.text for i in members[:EXAMPLES_PER_PRIORITY]]
        child = Section(f"priority-{priority.get('rank')}", f"{priority.get('rank')}. {priority['label']}",
                        [Paragraph(_priority_why(priority, members, lang))])
        if examples:
            child.blocks += [Paragraph(t(lang, "priority_examples"), "strong"), Bullets(examples)]
        section.children.append(child)
    return section


def _ideas_section(data: ReportInput, names: _Names, duplicates: _Duplicates, lang: str) -> Section:
    section = Section("ideas", t(lang, "ideas"), [Paragraph(t(lang, "ideas_intro"), "note")])
    if not data.ideas:
        section.blocks.append(Paragraph(t(lang, "no_ideas")))
        return section
    tree: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for idea in data.ideas:
        if idea.id not in duplicates.hidden:
            tree[idea.round][idea.group][idea.theme].append(idea)
    round_order = _order([r["key"] for r in data.rounds], tree)
    group_order = [g["key"] for g in data.groups]
    theme_order = [th["key"] for th in data.themes]
    for round_key in round_order:
        round_section = Section(f"ideas-{round_key or 'none'}", names.round(round_key))
        for group_key in _order(group_order, tree[round_key]):
            group_section = Section(f"ideas-{round_key or 'none'}-{group_key or 'none'}", names.group(group_key))
            themes = tree[round_key][group_key]
            for theme_key in _order(theme_order, themes):
                items = [IdeaItem(i.id, i.text, duplicates.note.get(i.id)) for i in themes[theme_key]]
                if data.themes:
                    group_section.children.append(Section(
                        f"ideas-{round_key or 'none'}-{group_key or 'none'}-{theme_key or 'none'}",
                        names.theme(theme_key), [IdeaList(items)]))
                else:
                    group_section.blocks.append(IdeaList(items))
            round_section.children.append(group_section)
        section.children.append(round_section)
    return section


def _evaluation_section(data: ReportInput, lang: str) -> Section:
    section = Section("evaluation", t(lang, "evaluation"))
    evaluation = data.evaluation
    if not evaluation or not evaluation.get("responses"):
        section.blocks.append(Paragraph(t(lang, "no_evaluation")))
        return section
    n = evaluation["responses"]
    counts = evaluation.get("rating_counts", {})
    section.blocks += [
        Paragraph(t(lang, "eval_intro", n=n)),
        _evaluation_figures(evaluation, lang),
        Chart("ratings", t(lang, "chart_ratings"), t(lang, "alt_ratings"), "rating_distribution", (
            [t(lang, f"rating_{r}") for r in RATING_SCALE],
            [int(counts.get(str(r), 0)) for r in RATING_SCALE], t(lang, "axis_responses"),
            t(lang, "no_evaluation"))),
        Grid([t(lang, "rating"), t(lang, "responses"), t(lang, "share")],
              [[f"{t(lang, f'rating_{r}')} ({r})", str(counts.get(str(r), 0)),
                format_percent(int(counts.get(str(r), 0)) / n, lang)] for r in reversed(RATING_SCALE)], (3, 1, 1)),
    ]
    annual = evaluation.get("annual_counts") or {}
    if any(annual.values()):
        section.blocks += [Paragraph(t(lang, "annual_question"), "strong"), Grid(
            [t(lang, "annual_question"), t(lang, "responses"), t(lang, "share")],
            [[t(lang, f"annual_{key}") if f"annual_{key}" in _KNOWN_ANNUAL else key, str(count),
              format_percent(count / n, lang)] for key, count in annual.items() if count], (3, 1, 1))]
    section.blocks.append(Paragraph(t(lang, "percent_note", n=n), "note"))
    answers = Section("evaluation-answers", t(lang, "open_answers"))
    for key in list(TEXT_FIELDS) + sorted(set(data.grouped_answers) - set(TEXT_FIELDS)):
        groups = data.grouped_answers.get(key)
        if not groups:
            continue
        question = Section(f"evaluation-{key}", data.questions.get(key, key))
        for group in groups:
            question.blocks.append(Paragraph(t(lang, "answers_theme", label=group["label"], count=group["count"]),
                                             "strong"))
            question.blocks += [Quote(quote) for quote in group.get("quotes", [])]
        answers.children.append(question)
    if answers.children:
        section.children.append(answers)
    return section


_KNOWN_ANNUAL = {f"annual_{key}" for key in ANNUAL_CHOICES + (NO_ANSWER,)}


def _reviewers_section(data: ReportInput, section_titles: dict, lang: str) -> Section:
    section = Section("reviewers", t(lang, "reviewers"))
    if not data.reviews:
        section.blocks.append(Paragraph(t(lang, "no_reviews"), "note"))
        return section
    section.blocks.append(Paragraph(t(lang, "reviewers_intro")))
    by_reviewer: dict = defaultdict(list)
    for review in data.reviews:
        by_reviewer[review["reviewer"]].append(review)
    for number, (reviewer, reviews) in enumerate(by_reviewer.items(), 1):
        child = Section(f"reviewers-{number}", reviewer)
        for review in reviews:
            if review.get("idea_text"):
                child.blocks.append(Paragraph(t(lang, "on_idea", idea=_shorten(review["idea_text"])), "note"))
            elif review.get("section") in section_titles:
                child.blocks.append(Paragraph(t(lang, "on_section", section=section_titles[review["section"]]),
                                              "note"))
            child.blocks.append(Quote(review["text"], review.get("author")))
        section.children.append(child)
    return section


def _shorten(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def action_rows(data: ReportInput, lang: str) -> Grid:
    rows, flagged = [], set()
    for n, action in enumerate(data.actions):
        title = action["title"]
        follow_up = action.get("latest_follow_up")
        if follow_up:
            title += "\n" + t(lang, "latest_follow_up", date=format_date(follow_up["date"], lang),
                              note=_shorten(follow_up["note"], 200))
        status = t(lang, f"status_{action['status']}")
        if action.get("overdue"):
            status += f" — {t(lang, 'overdue')}"
            flagged.add(n)
        rows.append([title, action.get("priority") or "", action.get("lead") or "", action.get("owner") or "",
                     format_date(action.get("due"), lang), status])
    return Grid([t(lang, "col_action"), t(lang, "col_priority"), t(lang, "col_lead"), t(lang, "col_owner"),
                  t(lang, "col_due"), t(lang, "col_status")], rows, (4, 2.2, 1.8, 1.6, 1.4, 1.2), flagged)


def _way_forward_section(data: ReportInput, lang: str) -> Section:
    section = Section("way_forward", t(lang, "way_forward"),
                      _editable(data.way_forward, draft_way_forward(data, lang), lang))
    if data.steering_model:
        section.blocks.append(Paragraph(t(lang, "steering_model", model=t(lang, f"steering_{data.steering_model}"))))
    plan = Section("action_plan", t(lang, "action_plan"))
    plan.blocks.append(action_rows(data, lang) if data.actions else Paragraph(t(lang, "no_actions"), "note"))
    section.children.append(plan)
    return section


def _appendix(data: ReportInput, names: _Names, lang: str) -> Section:
    columns = [t(lang, "col_number"), t(lang, "col_round"), t(lang, "col_group")]
    widths = [0.6, 1.6, 1.8]
    if data.themes:
        columns.append(t(lang, "col_theme"))
        widths.append(2.0)
    columns.append(t(lang, "col_idea"))
    widths.append(5.0)
    round_rank = {r["key"]: n for n, r in enumerate(data.rounds)}
    ordered = sorted(data.ideas, key=lambda i: (round_rank.get(i.round, len(round_rank)), i.id))
    rows = []
    for n, idea in enumerate(ordered, 1):
        row = [str(n), names.round(idea.round), names.group(idea.group)]
        if data.themes:
            row.append(names.theme(idea.theme))
        rows.append(row + [idea.text])
    return Section("appendix", t(lang, "appendix"),
                   [Grid(columns, rows, tuple(widths))] if rows else [Paragraph(t(lang, "no_ideas"))])


# ---- entry points ------------------------------------------------------------------------------

def _document(data: ReportInput, lang: str, kind: str, sections: list[Section]) -> Document:
    """The report or the brief (``kind``) with its title, subtitle, draft flag and generation date."""
    subtitle = " · ".join(x for x in (format_date(data.date, lang), data.venue) if x)
    return Document(data.name, t(lang, kind) + (f" — {subtitle}" if subtitle else ""), lang, not data.final,
                    t(lang, "generated", date=format_date(data.generated_on, lang)), sections, kind=kind)


def build_report(data: ReportInput, lang: str = "en") -> Document:
    lang = check_language(lang)
    names = _Names(data, lang)
    ideas_by_id = {idea.id: idea for idea in data.ideas}
    duplicates = _Duplicates(data.near_duplicates, ideas_by_id, lang)
    summary = Section("summary", t(lang, "summary"), [_summary_figures(data, lang)])
    summary.blocks += _charts(data, names, lang)
    sections = [
        Section("exec_summary", t(lang, "exec_summary"),
                _editable(data.executive_summary, draft_executive_summary(data, lang), lang)),
        summary,
        _priorities_section(data, _by_theme(data), ideas_by_id, lang),
        _ideas_section(data, names, duplicates, lang),
        _evaluation_section(data, lang),
    ]
    sections += [_reviewers_section(data, section_titles(lang), lang), _way_forward_section(data, lang),
                 _appendix(data, names, lang)]
    return _document(data, lang, "report", sections)


def section_titles(lang: str) -> dict[str, str]:
    """The top-level sections a reviewer may comment on, in order."""
    lang = check_language(lang)
    return {key: t(lang, key) for key in ("exec_summary", "summary", "priorities", "ideas", "evaluation",
                                          "reviewers", "way_forward", "action_plan", "appendix")}


def build_brief(data: ReportInput, lang: str = "en") -> Document:
    """One page: key figures, the top priorities with their breadth, and the next steps."""
    lang = check_language(lang)
    by_theme = _by_theme(data)
    figures = _summary_figures(data, lang).items
    if data.evaluation and data.evaluation.get("responses"):
        figures += _evaluation_figures(data.evaluation, lang).items[1:]
    priorities = Section("priorities", t(lang, "priorities"))
    if data.priorities:
        priorities.blocks.append(Bullets([
            f"{p['label']} — {_priority_breadth(p, by_theme.get(p.get('theme_key'), []), lang)}"
            for p in data.priorities[:BRIEF_PRIORITIES]]))
    else:
        priorities.blocks.append(Paragraph(t(lang, "no_priorities"), "note"))
    steps = Section("way_forward", t(lang, "next_steps"))
    open_actions = [a for a in data.actions if a["status"] in OPEN_STATUSES][:BRIEF_STEPS]
    if open_actions:
        steps.blocks.append(Bullets([
            a["title"] + "".join(f" — {x}" for x in (a.get("owner"), format_date(a.get("due"), lang)) if x)
            for a in open_actions]))
    else:
        text = data.way_forward if data.way_forward and data.way_forward.strip() else draft_way_forward(data, lang)
        steps.blocks += _paragraphs(text)[:2]
    return _document(data, lang, "brief",
                     [Section("summary", t(lang, "key_figures"), [Figures(figures)]), priorities, steps])
