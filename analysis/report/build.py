"""Build the report ``Document`` (and the one-page brief) from a ``ReportInput``.

Sections with headings and blocks (paragraphs, key figures, idea lists, grids, charts, quotes)
in English or French; every renderer walks the same document, so every format says the same thing.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from analysis.examples import distinct_examples
from analysis.evaluation import ANNUAL_CHOICES, NO_ANSWER, RATING_SCALE, TEXT_FIELDS
from analysis.report import charts
from analysis.report.actionplan import CARRIED, OPEN_STATUSES, counted_status, due_as_of, overdue_as_of, progress_of
from analysis.report.answer_groups import answer_group_label
from analysis.report.document import (Bullets, Chart, Document, Figures, Grid, IdeaItem, IdeaList, Paragraph, Quote,
                                      Section)
from analysis.report.drafts import draft_executive_summary, draft_way_forward
from analysis.report.inputs import DisplayNames, ReportIdea, ReportInput
from analysis.report.marks import concat, in_language, shorten
from analysis.report.shares import evaluation_percents, few_answered_note, whole_percents
from analysis.report.wording import N_, Wording, priority_explanation, status_label, tables_not_counted, wording

TOP_PRIORITIES = 5
EXAMPLES_PER_PRIORITY = 3
BRIEF_PRIORITIES = 5
BRIEF_STEPS = 5

SECTION_TITLES = {  # the top-level sections a reviewer may comment on, in order
    "exec_summary": N_("Executive summary"), "summary": N_("The forum in figures"), "priorities": N_("Top priorities"),
    "ideas": N_("Ideas by round and stakeholder group"), "evaluation": N_("Forum evaluation"),
    "reviewers": N_("Reviewers' input"), "way_forward": N_("Way forward"), "action_plan": N_("Action plan"),
    "appendix": N_("Appendix: every idea"),
}
RATING_LABELS = {5: N_("Excellent"), 4: N_("Very good"), 3: N_("Good"), 2: N_("Fair"), 1: N_("Poor")}
YES_NO_LABELS = {"yes": N_("Yes"), "no": N_("No")}
ANNUAL_LABELS = {"yes": N_("Yes, every year"), "more_often": N_("More often"), "maybe": N_("Maybe"), "no": N_("No"),
                 NO_ANSWER: N_("No answer")}
STEERING_MODELS = {"organizers_lead": N_("organizers lead"),
                   "participants_lead_supported": N_("participants lead with the organizers' support"),
                   "participants_alone": N_("participants lead on their own")}
NO_ANALYSIS = N_("The analysis has not been run yet, so there are no themes or priorities to report.")
NO_IDEAS = N_("No ideas were recorded.")
NO_EVALUATION = N_("No evaluation responses were recorded.")
EVALUATION_OPEN = N_("The evaluation was still open on %(date)s, the date of this report: answers sent after it may "
                     "change these figures.")
SESSIONS_OPEN = N_("Session ratings were still open on %(date)s, the date of this report: ratings sent after it may "
                   "change these figures.")
VOTE_OPEN = N_("The priority vote was still open on %(date)s, the date of this report: dots placed after it may change "
               "these figures and the ranking.")
TYPED_VOTE_OPEN = N_("This vote was still open on %(date)s, the date of this report: dots placed after it may change "
                     "its results.")


def section_titles(lang: str) -> dict[str, str]:
    """The top-level sections a reviewer may comment on, in order, in the report's language."""
    w = wording(lang)
    return {key: w.gettext(title) for key, title in SECTION_TITLES.items()}


# ---- helpers -----------------------------------------------------------------------------------

def _order(keys_in_order: list[str], present) -> list:
    """Known keys in their order, then unknown ones sorted, then None (missing) last."""
    present = set(present)
    known = [key for key in keys_in_order if key in present]
    extra = sorted(key for key in present if key is not None and key not in keys_in_order)
    return known + extra + ([None] if None in present else [])


def _paragraphs(text: str, kind: str = "text") -> list[Paragraph]:
    return [Paragraph(part.strip(), kind) for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


def _by_theme(data: ReportInput) -> dict:
    """Theme key (None: not in a theme) → its ideas."""
    by_theme: dict = defaultdict(list)
    for idea in data.ideas:
        by_theme[idea.theme].append(idea)
    return by_theme


def _shorten(text: str, limit: int = 120) -> str:
    return shorten(text, limit)


def _typed(data: ReportInput, text: str | None, w: Wording) -> str:
    """A text people typed, marked with its language where the input knows it is not the report's."""
    return in_language(text, data.languages.get(text) if text else None, w.lang)


def _idea_text(idea: ReportIdea, w: Wording) -> str:
    return in_language(idea.text, idea.lang, w.lang)


def _priority_label(data: ReportInput, priority: dict, w: Wording) -> str:
    """A priority's label (its theme's), marked with the theme label's language."""
    theme = next((th for th in data.themes if th["key"] == priority.get("theme_key")), {})
    return in_language(priority["label"], theme.get("lang"), w.lang)


class _Duplicates:
    """Near-duplicate groups: in the ideas by round and group, the first idea of a group in each round, stakeholder
    group and theme it falls in is shown, with a note counting the whole group once (its tables, or its
    ideas); the others are skipped. Elsewhere (``once``) a group is one idea."""

    def __init__(self, groups: list[dict], ideas_by_id: dict, w: Wording):
        self.note, self.hidden, self.first = {}, set(), {}
        for group in groups:
            members = sorted(i for i in group.get("idea_ids", []) if i in ideas_by_id)
            if len(members) < 2:
                continue
            self.first.update((member, members[0]) for member in members)
            tables = len({ideas_by_id[i].table for i in members if ideas_by_id[i].table})  # also in runs made before
            note = (w.ngettext("raised at %(num)d table", "raised at %(num)d tables", tables) if tables > 1
                    else w.ngettext("raised %(num)d time", "raised %(num)d times", len(members)))
            # (round, stakeholder group, theme) -> its first idea of the group: a card the organizer moved to another
            # theme is listed there too (its twin, in the theme it left, did not stand for it there)
            shown_in: dict = {}
            for member in members:
                idea = ideas_by_id[member]
                shown = shown_in.setdefault((idea.round, idea.group or idea.suggested_group, idea.theme), member)
                if shown == member:
                    self.note[member] = note
                else:
                    self.hidden.add(member)

    def once(self, ideas: list[ReportIdea]) -> list[ReportIdea]:
        """The ideas in order, one of each near-duplicate group."""
        seen, kept = set(), []
        for idea in ideas:
            group = self.first.get(idea.id, idea.id)
            if group not in seen:
                seen.add(group)
                kept.append(idea)
        return kept


# ---- sections ----------------------------------------------------------------------------------

def _editable(text: str | None, draft: str, w: Wording) -> list:
    if text and text.strip():
        return _paragraphs(text)
    return [Paragraph(w.gettext("DRAFT generated from the data: the organizer edits this text before publishing."),
                      "note")] + _paragraphs(draft, "draft")


ATTENDANCE_SOURCES = {"registered": N_("Participants are the people on the registration list."),
                      "joined": N_("Participants are the people who joined on their phones."),
                      "evaluated": N_("Participants are the people who filled in the evaluation.")}


def _attendance_note(data: ReportInput, w: Wording) -> list[Paragraph]:
    """What the report counts as its participants, said once beside the figures; a count of zero (no
    registration list, nobody joined on a phone) is left out of the comparison."""
    attendance = data.attendance
    if not attendance.count:
        return []
    if attendance.basis in ATTENDANCE_SOURCES:
        return [Paragraph(w.gettext(ATTENDANCE_SOURCES[attendance.basis]), "note")]
    counted = {source: num for source, num in attendance.counts().items() if num}
    if len(counted) == 1:
        return [Paragraph(w.gettext(ATTENDANCE_SOURCES[attendance.source]), "note")]
    phrases = {"registered": w.ngettext("%(num)d registered", "%(num)d registered", attendance.registered),
               "joined": w.ngettext("%(num)d joined on a phone", "%(num)d joined on a phone", attendance.joined),
               "evaluated": w.ngettext("%(num)d filled in the evaluation", "%(num)d filled in the evaluation",
                                       attendance.evaluated)}
    if len(counted) == 2:
        first, second = (phrases[source] for source in counted)
        return [Paragraph(w.gettext("Participants: the larger of %(first)s and %(second)s.",
                                    first=first, second=second), "note")]
    return [Paragraph(w.gettext("Participants: the largest of %(registered)s, %(joined)s and %(evaluated)s.",
                                **phrases), "note")]


def _group_note(data: ReportInput, w: Wording) -> list[Paragraph]:
    """How the report counts the groups of ideas no facilitator tagged, said once beside the figures."""
    untagged = [idea for idea in data.ideas if not idea.group]
    if not untagged:
        return []
    text = w.ngettext("Figures and charts count the stakeholder groups facilitators tagged; %(num)d idea had no tag.",
                      "Figures and charts count the stakeholder groups facilitators tagged; %(num)d ideas had no tag.",
                      len(untagged))
    suggested = sum(bool(idea.suggested_group) for idea in untagged)
    not_sure = sum(idea.group_not_sure for idea in untagged)
    values = dict(suggested=w.ngettext("%(num)d of them", "%(num)d of them", suggested),
                  not_sure=w.ngettext("%(num)d idea", "%(num)d ideas", not_sure))
    if suggested and not_sure:
        text += " " + w.gettext(
            "The analysis suggested a group for %(suggested)s, marked “suggested by the analysis” where ideas are "
            "listed, and was not sure of the group of %(not_sure)s.", **values)
    elif suggested:
        text += " " + w.gettext("The analysis suggested a group for %(suggested)s, marked “suggested by the "
                                "analysis” where ideas are listed.", **values)
    elif not_sure:
        text += " " + w.gettext("The analysis was not sure of the group of %(not_sure)s.", **values)
    return [Paragraph(text, "note")]


def _themes_note(data: ReportInput, w: Wording) -> list[Paragraph]:
    """The ideas added after the analysis ran, which are in no theme until it runs again: counted among the ideas
    written down, in no theme's figures (the themes' sizes added up one short without a word)."""
    outside = sum(1 for idea in data.ideas if idea.theme is None) if data.themes else 0
    if not outside:
        return []
    return [Paragraph(w.ngettext(
        "%(num)d idea is in no theme: it was added after the analysis ran, and is listed under “%(none)s”; the "
        "themes' figures and charts leave it out.",
        "%(num)d ideas are in no theme: they were added after the analysis ran, and are listed under “%(none)s”; "
        "the themes' figures and charts leave them out.", outside, none=w.gettext("Not in a theme")), "note")]


def _tables_note(data: ReportInput, w: Wording) -> list[Paragraph]:
    """Why the figures and priorities say nothing of tables although some ideas say which table wrote them, of the
    cards the tables were decided from (``ideas_with_table`` of ``ideas_counted``: the priorities' when ranked)."""
    tabled = (sum(1 for idea in data.ideas if idea.table) if data.ideas_with_table is None
              else data.ideas_with_table)
    counted = len(data.ideas) if data.ideas_counted is None else data.ideas_counted
    return [Paragraph(tables_not_counted(w, tabled, counted), "note")] if tabled and not data.tables else []


def _rounds_note(data: ReportInput, names: DisplayNames, w: Wording) -> list[Paragraph]:
    """The rounds set up in which no idea was written down, which the figures do not count."""
    empty = data.rounds_without_ideas
    if not empty:
        return []
    return [Paragraph(w.ngettext("No idea was written down in the round %(rounds)s.",
                                 "No idea was written down in the rounds %(rounds)s.", len(empty),
                                 rounds=w.join([w.quoted(names.round(r["key"])) for r in empty])), "note")]


def _evaluation_open_note(data: ReportInput, w: Wording) -> list[Paragraph]:
    """While participants can still answer the evaluation, its figures are those of the report's date: said so."""
    return ([Paragraph(w.gettext(EVALUATION_OPEN, date=w.date(data.generated_on)), "note")]
            if data.evaluation_open else [])


def _vote_open_note(data: ReportInput, w: Wording) -> list[Paragraph]:
    """While a priority vote is open, the priorities' dots and ranking are those of the report's date: said so (a
    vote on typed items still open is said under its results)."""
    return ([Paragraph(w.gettext(VOTE_OPEN, date=w.date(data.generated_on)), "note")]
            if data.vote_open and data.priorities else [])


def _summary_figures(data: ReportInput, w: Wording) -> Figures:
    items = []
    if data.attendees:
        items.append((w.number(data.attendees), w.ngettext("participant", "participants", data.attendees)))
    items.append((w.number(len(data.ideas)), w.ngettext("idea written down", "ideas written down", len(data.ideas))))
    if data.tables:
        items.append((w.number(data.tables), w.ngettext("table", "tables", data.tables)))
    if data.rounds_held:
        items.append((w.number(data.rounds_held), w.ngettext("round of discussion", "rounds of discussion",
                                                        data.rounds_held)))
    items.append((w.number(data.groups_heard), w.ngettext("stakeholder group heard", "stakeholder groups heard",
                                                     data.groups_heard)))
    if data.themes:
        items.append((w.number(len(data.themes)), w.ngettext("theme", "themes", len(data.themes))))
    items += _vote_figures(data, w)
    return Figures(items)


def _vote_figures(data: ReportInput, w: Wording) -> list[tuple[str, str]]:
    """How many took part in the dot votes and the dots they placed, when participants voted: the priority votes
    (on themes or ideas, whose dots the priorities count) apart from the other votes (on items the organizer typed,
    whose results follow the priorities), each figure as their tables count it."""
    vote = data.vote or {}
    if "priority" not in vote:  # an input that does not tell the votes apart: all priority votes
        vote = {"priority": vote}
    priority, other = vote.get("priority") or {}, vote.get("other") or {}
    figures = []
    voters, dots = int(priority.get("voters") or 0), int(priority.get("dots") or 0)
    if voters and dots:
        if int(priority.get("votes") or 1) > 1:
            took_part = w.ngettext("voter in the priority votes", "voters in the priority votes", voters)
        else:
            took_part = w.ngettext("voter in the priority vote", "voters in the priority vote", voters)
        figures += [(w.number(voters), took_part), (w.number(dots), w.ngettext("dot placed", "dots placed", dots))]
    others, other_voters, other_dots = (int(other.get(key) or 0) for key in ("votes", "voters", "dots"))
    if other_voters and other_dots:
        items = sum(len(vote["items"]) for vote in data.typed_votes)
        if figures and any(vote.get("with_priorities") for vote in data.typed_votes):
            # a vote holding themes and typed items is no "other vote": its typed items are the priorities' others
            if items == 1:
                took_part = w.ngettext("voter on the other item", "voters on the other item", other_voters)
                placed = w.ngettext("dot placed on the other item", "dots placed on the other item", other_dots)
            else:
                took_part = w.ngettext("voter on the other items", "voters on the other items", other_voters)
                placed = w.ngettext("dot placed on the other items", "dots placed on the other items", other_dots)
        elif figures and others > 1:
            took_part = w.ngettext("voter in the other votes", "voters in the other votes", other_voters)
            placed = w.ngettext("dot placed in the other votes", "dots placed in the other votes", other_dots)
        elif figures:
            took_part = w.ngettext("voter in the other vote", "voters in the other vote", other_voters)
            placed = w.ngettext("dot placed in the other vote", "dots placed in the other vote", other_dots)
        else:
            took_part = (w.ngettext("voter in the votes", "voters in the votes", other_voters) if others > 1
                         else w.ngettext("voter in the vote", "voters in the vote", other_voters))
            placed = w.ngettext("dot placed", "dots placed", other_dots)
        figures += [(w.number(other_voters), took_part), (w.number(other_dots), placed)]
    return figures


def _dots_note(data: ReportInput, w: Wording) -> list[Paragraph]:
    """The dots of the priority votes that count for no priority, said beside the figures that count them in the dots
    placed (no priority shows them, as on the priorities page)."""
    uncounted = int(((data.vote or {}).get("priority") or {}).get("no_priority") or 0)
    if not uncounted or not data.priorities:
        return []
    return [Paragraph(w.ngettext(
        "%(num)d of the dots placed counts for no priority: it went to a theme whose ideas were all deleted since the "
        "analysis ran, or to an idea in no theme.",
        "%(num)d of the dots placed count for no priority: they went to themes whose ideas were all deleted since the "
        "analysis ran, or to ideas in no theme.", uncounted), "note")]


def retired_figure_label(label: str, w: Wording) -> str:
    """A key figure whose question the organizer retired: its answers still count, marked as the results page
    marks the question."""
    return w.gettext("%(figure)s (question retired)", figure=label)


def _evaluation_figures(evaluation: dict, w: Wording, retired: frozenset[str] = frozenset(),
                        counted: bool = False) -> Figures:
    """The response count, then the figures of the questions someone answered (a question left out of
    the form has no figure, rather than a dash), each marked when its default question (``retired``: the keys
    of the questions the organizer retired) no longer is on the form; ``counted``: the average rating says how many
    responses it rests on (the brief, which leaves the response count out)."""
    responses = evaluation["responses"]
    percents = evaluation_percents(evaluation)
    _ = w.gettext
    figures = [(evaluation.get("mean_rating"), w.decimal,
                _rating_label(evaluation, w) if counted else _("average rating (out of 5)"), "rating"),
               (percents.satisfied, w.percent, _("rated it excellent or very good")
                + few_answered_note(percents, "satisfied", w), "rating"),
               (percents.annual_yes, w.percent, _("want it every year") + few_answered_note(percents, "annual_yes", w),
                "annual"),
               (percents.involvement, w.percent, _("want to help implement the outcomes")
                + few_answered_note(percents, "involvement", w), "wants_involvement")]
    return Figures([(w.number(responses), w.ngettext("evaluation response", "evaluation responses", responses))]
                   + [(show(value), retired_figure_label(label, w) if key in retired else label)
                      for value, show, label, key in figures if value is not None])


def _rating_label(evaluation: dict, w: Wording) -> str:
    """The average rating's label with the responses it rests on, for a page without the response count (the
    brief): "average rating (out of 5, 38 responses)", or "rated in 36 of 38 responses" when some left it blank."""
    responses, rated = evaluation["responses"], evaluation.get("rated", evaluation["responses"])
    if rated == responses:
        return w.ngettext("average rating (out of 5, %(num)d response)", "average rating (out of 5, %(num)d responses)",
                          responses)
    return w.ngettext("average rating (out of 5, given in %(rated)d of %(num)d response)",
                      "average rating (out of 5, given in %(rated)d of %(num)d responses)", responses, rated=rated)


def _mention_weights(data: ReportInput, group_keys: list[str]) -> list[tuple[int, int, int]]:
    index = {key: i for i, key in enumerate(group_keys)}
    weights: Counter = Counter()
    for source, targets in data.mentions.items():
        for target, count in targets.items():
            if source in index and target in index and source != target and count:
                pair = tuple(sorted((index[source], index[target])))
                weights[pair] += int(count)
    return [(i, j, weight) for (i, j), weight in sorted(weights.items())]


def _charts(data: ReportInput, names: DisplayNames, w: Wording) -> list[Chart | Paragraph]:
    """The summary's charts; without any idea, the sentence saying so and no empty chart."""
    _ = w.gettext
    if not data.ideas:
        return [Paragraph(_(NO_IDEAS))]
    group_keys = _order([g["key"] for g in data.groups], {i.group for i in data.ideas})
    round_keys = _order([r["key"] for r in data.rounds], {i.round for i in data.ideas})
    by_pair = Counter((i.group, i.round) for i in data.ideas)
    result = [Chart(
        "groups", _("Ideas per stakeholder group and round"),
        _("Bar chart of the number of ideas from each stakeholder group, one bar per round."),
        charts.ideas_by_group_and_round,
        ([names.group(g) for g in group_keys], [names.round(r) for r in round_keys],
         [[by_pair[(g, r)] for r in round_keys] for g in group_keys], _("Ideas"), _(NO_IDEAS), w.lang))]
    if data.themes:
        sizes = Counter(i.theme for i in data.ideas)
        theme_keys = [th["key"] for th in data.themes if sizes[th["key"]]]
        result.append(Chart(
            "themes", _("Theme sizes"), _("Bar chart of the number of ideas in each theme."), charts.theme_sizes,
            ([names.theme(k) for k in theme_keys], [sizes[k] for k in theme_keys], _("Ideas"), _(NO_ANALYSIS),
             w.lang)))
        tagged = [g for g in group_keys if g is not None]
        by_cell = Counter((i.theme, i.group) for i in data.ideas)
        result.append(Chart(
            "heatmap", _("Themes raised by each stakeholder group"),
            _("Grid of themes by stakeholder group; each cell gives the number of ideas."), charts.theme_group_heatmap,
            ([names.theme(k) for k in theme_keys], [names.group(g) for g in tagged],
             [[by_cell[(k, g)] for g in tagged] for k in theme_keys], _(NO_ANALYSIS), w.lang)))
    mention_groups = [g["key"] for g in data.groups]
    weights = _mention_weights(data, mention_groups)
    if weights:
        result.append(Chart(
            "mentions", _("Stakeholder groups whose ideas mention each other"),
            _("Map of stakeholder groups; a line joins two groups when ideas of one mention the other, solid for "
              "strong connections and dashed for weak ones."), charts.mentions_map,
            ([names.group(g) for g in mention_groups], weights, _("strong connection (many mentions)"),
             _("weak connection (few mentions)"), _("No idea mentions another stakeholder group."), w.lang)))
    return result


def _priority_reasons(data: ReportInput, priority: dict, members: list[ReportIdea], w: Wording) -> str:
    """Why a priority ranks where it does, from the report's ideas and the live dots (once participants
    voted, a theme without a dot says "0 dots" rather than nothing)."""
    tagged = {i.group for i in members if i.group}
    suggested = {i.suggested_group for i in members if not i.group and i.suggested_group} - tagged
    voted = any(p.get("votes") for p in data.priorities)
    if "tables_total" in priority:  # the tables as the priorities page counts them: none when not known
        known = (priority.get("components") or {}).get("tables") is not None
        tables_total = priority["tables_total"] if known else 0
    else:
        tables_total = data.tables
    return priority_explanation(w, ideas=len(members), groups=len(tagged | suggested), suggested_groups=len(suggested),
                                tables=len({i.table for i in members if i.table}) if tables_total else None,
                                tables_total=tables_total, dots=int(priority.get("votes") or 0) if voted else None)


def _priorities_section(data: ReportInput, titles: dict, by_theme: dict, ideas_by_id: dict, duplicates: _Duplicates,
                        w: Wording) -> Section:
    section = Section("priorities", titles["priorities"])
    if not data.priorities:
        section.blocks += ([Paragraph(w.gettext(NO_ANALYSIS), "note")] + _vote_open_note(data, w)
                           + _typed_votes(data, w))
        return section
    section.blocks += _vote_open_note(data, w)
    for priority in data.priorities[:TOP_PRIORITIES]:
        members = by_theme.get(priority.get("theme_key"), [])
        # the run's examples first, then the theme's other ideas, each near-duplicate group once and
        # no two cards that differ only in case, punctuation or spacing
        chosen = [ideas_by_id[i] for i in priority.get("example_idea_ids", []) if i in ideas_by_id]
        examples = [_idea_text(i, w) for i in distinct_examples(duplicates.once(chosen + members),
                                                                  EXAMPLES_PER_PRIORITY)]
        why = w.gettext("Why: %(reasons)s", reasons=_priority_reasons(data, priority, members, w))
        label = _priority_label(data, priority, w)
        child = Section(f"priority-{priority.get('rank')}", concat(f"{priority.get('rank')}. ", label),
                        [Paragraph(why)])
        subthemes = next((th.get("subthemes") for th in data.themes if th["key"] == priority.get("theme_key")), None)
        if subthemes:
            # a theme merged into this one brought ideas of no sub-theme of it: listed apart, as the themes board
            # shows them, so the sub-themes' counts add up to the theme's ideas
            rest = len(members) - sum(sub["ideas"] for sub in subthemes)
            child.blocks += [Paragraph(w.gettext("Sub-themes"), "strong"), Bullets([
                concat(label, " → ", in_language(sub["label"], sub.get("lang"), w.lang),
                       f" ({w.number(sub['ideas'])})")
                for sub in subthemes] + ([concat(label, " → ", w.ngettext(
                    "%(num)d other idea, in no sub-theme", "%(num)d other ideas, in no sub-theme", rest))]
                    if rest > 0 else []))]
        if examples:
            child.blocks += [Paragraph(w.gettext("What participants said"), "strong"), Bullets(examples)]
        section.children.append(child)
    section.blocks += _typed_votes(data, w)
    return section


def _typed_votes(data: ReportInput, w: Wording) -> list:
    """The results of each dot vote on typed items, as its results page ranks them: most dots first, each item's
    whole percent of the vote's dots (adding up to 100) and its voters."""
    _ = w.gettext
    blocks: list = []
    for vote in data.typed_votes:
        title = _typed(data, vote["title"], w)
        heading = concat(title, " ", _("(%(voters)s, %(dots)s)",
                                       voters=w.ngettext("%(num)d voter", "%(num)d voters", vote["voters"]),
                                       dots=w.ngettext("%(num)d dot", "%(num)d dots", vote["dots"])))
        shares = whole_percents([item["dots"] for item in vote["items"]])
        blocks += [Paragraph(heading, "strong"), Grid(
            [_("Item"), _("Dots"), _("Share"), _("Voters")],
            [[_typed(data, item["label"], w), w.number(item["dots"]), w.percent(share), w.number(item["voters"])]
             for item, share in zip(vote["items"], shares)], (4, 1, 1, 1))]
        if vote.get("open"):
            blocks.append(Paragraph(_(TYPED_VOTE_OPEN, date=w.date(data.generated_on)), "note"))
    return blocks


def _idea_note(idea: ReportIdea, duplicates: _Duplicates, w: Wording) -> str | None:
    """What a reader must know beside an idea: how its group was found, how many times it was raised."""
    group = (w.gettext("group suggested by the analysis") if not idea.group and idea.suggested_group else
             w.gettext("the analysis is not sure of its group") if not idea.group and idea.group_not_sure else None)
    return w.gettext("; ").join(note for note in (group, duplicates.note.get(idea.id)) if note) or None


def _ideas_section(data: ReportInput, titles: dict, names: DisplayNames, duplicates: _Duplicates,
                   w: Wording) -> Section:
    section = Section("ideas", titles["ideas"], [Paragraph(w.gettext(
        "Ideas are printed as the facilitators wrote them down. Ideas that said the same thing at several tables "
        "are shown once under each round, stakeholder group and theme they fall in, each time with the number of "
        "tables that raised them in all."), "note")])
    if not data.ideas:
        section.blocks.append(Paragraph(w.gettext(NO_IDEAS)))
        return section
    if any(idea.suggested_group for idea in data.ideas):
        section.blocks.append(Paragraph(w.gettext(
            "An idea no facilitator tagged is listed under the group the analysis suggested, marked “group suggested "
            "by the analysis”."), "note"))
    tree: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for idea in data.ideas:
        if idea.id not in duplicates.hidden:
            tree[idea.round][idea.group or idea.suggested_group][idea.theme].append(idea)
    round_order = _order([r["key"] for r in data.rounds], tree)
    group_order = [g["key"] for g in data.groups]
    theme_order = [th["key"] for th in data.themes]
    for round_key in round_order:
        round_section = Section(f"ideas-{round_key or 'none'}", names.round(round_key))
        for group_key in _order(group_order, tree[round_key]):
            group_section = Section(f"ideas-{round_key or 'none'}-{group_key or 'none'}", names.group(group_key))
            themes = tree[round_key][group_key]
            for theme_key in _order(theme_order, themes):
                items = [IdeaItem(i.id, _idea_text(i, w), _idea_note(i, duplicates, w)) for i in themes[theme_key]]
                if data.themes:
                    group_section.children.append(Section(
                        f"ideas-{round_key or 'none'}-{group_key or 'none'}-{theme_key or 'none'}",
                        names.theme(theme_key), [IdeaList(items)]))
                else:
                    group_section.blocks.append(IdeaList(items))
            round_section.children.append(group_section)
        section.children.append(round_section)
    return section


def _session_ratings(data: ReportInput, names: DisplayNames, w: Wording) -> list:
    """Each rated round's ratings, the responses with only a comment, and its average rating, which rests on the
    ratings alone (the rounds whose rating nobody answered left out)."""
    if not data.sessions:
        return []
    title = w.gettext("Session ratings")
    still_open = ([Paragraph(w.gettext(SESSIONS_OPEN, date=w.date(data.generated_on)), "note")]
                  if data.sessions_open else [])
    return [Paragraph(title, "strong"), Grid(
        [w.gettext("Round"), w.gettext("Ratings"), w.gettext("Comments only"), w.gettext("Average rating (out of 5)")],
        [[names.round(s["round"]), w.number(s.get("ratings", s["responses"])), w.number(s.get("comments_only", 0)),
          w.decimal(s["mean"])] for s in data.sessions], (3, 1, 1.2, 1.6))] + still_open


def _evaluation_section(data: ReportInput, titles: dict, names: DisplayNames, w: Wording) -> Section:
    _ = w.gettext
    section = Section("evaluation", titles["evaluation"])
    evaluation = data.evaluation
    if not evaluation or not evaluation.get("responses"):
        sessions = _session_ratings(data, names, w)
        section.blocks += [Paragraph(_("Nobody filled in the evaluation of the whole forum.") if sessions
                                     else _(NO_EVALUATION))] + _evaluation_open_note(data, w) + sessions
        return section
    n = evaluation["responses"]
    section.blocks += [Paragraph(w.ngettext("%(num)d participant filled in the evaluation.",
                                            "%(num)d participants filled in the evaluation.", n)),
                       _evaluation_figures(evaluation, w, data.retired_questions)] + _evaluation_open_note(data, w)
    annual_choices = None if data.annual_choices is None else [
        dict(choice, label=_choice_label(_typed(data, choice["label"], w), choice, w))
        for choice in data.annual_choices]
    annual_prompt = data.questions.get("annual")
    section.blocks += _evaluation_grids(evaluation, w, annual_prompt and _prompt(data, "annual", annual_prompt, w),
                                        annual_choices)
    for question in data.added_questions:
        section.blocks += _added_question_grid(question, w, data)
    section.blocks.append(Paragraph(_(
        "Percentages are over those who answered each question, rounded so that each question's add up to 100%: "
        "equal counts may differ by a point."), "note"))
    section.blocks += _session_ratings(data, names, w)
    answers = Section("evaluation-answers", _("What participants wrote"))
    for key in list(TEXT_FIELDS) + sorted(set(data.grouped_answers) - set(TEXT_FIELDS)):
        groups = data.grouped_answers.get(key)
        if not groups:
            continue
        question = Section(f"evaluation-{key}", _prompt(data, key, data.questions.get(key, key), w))
        for group in groups:
            label = answer_group_label(group, w)
            label = _typed(data, label, w) if label == group["label"] else label  # a label made here: the report's
            question.blocks.append(Paragraph(concat(label, f" ({w.number(group['count'])})"), "strong"))
            question.blocks += [Quote(_typed(data, quote, w)) for quote in group.get("quotes", [])]
        answers.children.append(question)
    if answers.children:
        section.children.append(answers)
    return section


def _prompt(data: ReportInput, key: str, prompt: str, w: Wording) -> str:
    """An evaluation question's prompt, marked when the organizer retired the question: its answers are
    counted, but the form no longer asks it."""
    typed = _typed(data, prompt, w)
    return w.gettext("%(question)s (retired)", question=typed) if key in data.retired_questions else typed


def _choice_label(label: str, choice: dict, w: Wording) -> str:
    """A choice's label, marked when the organizer removed the choice after people chose it."""
    return w.gettext("%(choice)s (removed choice)", choice=label) if choice.get("removed") else label


def _evaluation_grids(evaluation: dict, w: Wording, annual_prompt: str | None = None,
                      annual_choices: list[dict] | None = None) -> list:
    """The ratings (a chart and a table) and the annual question's table, each in shares of those who answered
    it and saying how many did, for the questions someone answered; the annual table lists every choice of the
    forum's own question (``annual_choices``, else the standard ones), one nobody made at 0, then answers outside
    them (a choice since removed), as the evaluation results page does."""
    _ = w.gettext
    percents = evaluation_percents(evaluation)
    share_columns = [_("Responses"), _("Share")]

    def row(label: str, count: int, points: int) -> list[str]:
        return [label, w.number(count), w.percent(points)]

    blocks: list = []
    responses = evaluation["responses"]
    if percents.satisfied is not None:
        counts = {str(r): int(evaluation.get("rating_counts", {}).get(str(r), 0)) for r in RATING_SCALE}
        blocks += [
            Chart("ratings", _("How participants rated the forum"),
                  _("Bar chart of the number of responses for each rating from Poor to Excellent."),
                  charts.rating_distribution, ([_(RATING_LABELS[r]) for r in RATING_SCALE],
                                               [counts[str(r)] for r in RATING_SCALE], _("Responses"),
                                               _(NO_EVALUATION), w.lang)),
            Grid([_("Rating")] + share_columns,
                 [row(f"{_(RATING_LABELS[r])} ({r})", counts[str(r)], percents.ratings[str(r)])
                  for r in reversed(RATING_SCALE)], (3, 1, 1)),
            answered_note(percents.rated, responses, w)]
    if percents.annual_yes is not None:
        question = annual_prompt or _("Should this become an annual event?")
        counts = evaluation["annual_counts"]
        if annual_choices is None:
            choices = [(key, _(ANNUAL_LABELS[key])) for key in ANNUAL_CHOICES]
        else:
            choices = [(choice["value"], choice["label"]) for choice in annual_choices]
        listed = {value for value, _label in choices}
        others = [(key, _(ANNUAL_LABELS[key]) if key in ANNUAL_LABELS else key) for key, count in counts.items()
                  if count and key not in listed and key != NO_ANSWER]
        blocks += [Paragraph(question, "strong"), Grid(
            [question] + share_columns,
            [row(label, int(counts.get(key, 0)), percents.annual.get(key, 0)) for key, label in choices + others],
            (3, 1, 1)), answered_note(percents.annual_answered, responses, w)]
    return blocks


def answered_note(answered: int, responses: int, w: Wording) -> Paragraph:
    """Under a question's table: how many of the respondents answered it, whose shares the table gives."""
    return Paragraph(w.ngettext("Answered by %(answered)d of %(num)d respondent.",
                                "Answered by %(answered)d of %(num)d respondents.", responses, answered=answered),
                     "note")


def _added_question_grid(question: dict, w: Wording, data: ReportInput | None = None) -> list:
    """An organizer's own rating, choice or yes/no question as the default ones' tables: its answers
    (a rating's five rows always, a choice nobody made left out) in the whole percents of those who answered it
    that the input gives them (adding up to 100), and how many did; nothing when nobody answered it."""
    _ = w.gettext
    rows, kind = question["rows"], question["kind"]
    answered = sum(row["count"] for row in rows)
    if not answered:
        return []

    def label(row: dict) -> str:
        if kind == "rating":
            return f"{_(RATING_LABELS[int(row['value'])])} ({row['value']})"
        if kind == "yes_no" and row["value"] in YES_NO_LABELS:
            return _(YES_NO_LABELS[row["value"]])
        return _choice_label(_typed(data, row["label"], w) if data else row["label"], row, w)

    lines = [[label(row), w.number(row["count"]), w.percent(row["percent"])]
             for row in rows if kind == "rating" or row["count"]]
    prompt = _typed(data, question["prompt"], w) if data else question["prompt"]
    if question.get("retired"):
        prompt = _("%(question)s (retired)", question=prompt)
    return [Paragraph(prompt, "strong"), Grid([prompt, _("Responses"), _("Share")], lines, (3, 1, 1)),
            answered_note(answered, answered + question["no_answer"], w)]


def _reviewers_section(data: ReportInput, titles: dict, w: Wording) -> Section:
    section = Section("reviewers", titles["reviewers"])
    if not data.reviews:
        section.blocks.append(Paragraph(w.gettext("No reviewer comments have been approved yet."), "note"))
        return section
    section.blocks.append(Paragraph(w.gettext(
        "Groups who read the draft of this report commented on it; their approved comments follow.")))
    by_reviewer: dict = defaultdict(list)
    for review in data.reviews:
        by_reviewer[review["reviewer"]].append(review)
    for number, (reviewer, reviews) in enumerate(by_reviewer.items(), 1):
        child = Section(f"reviewers-{number}", reviewer)
        for review in reviews:
            if review.get("idea_text"):
                child.blocks.append(Paragraph(w.gettext("On the idea %(idea)s",
                                                        idea=w.quoted(_shorten(_typed(data, review["idea_text"], w)))),
                                              "note"))
            elif review.get("section") in titles:
                child.blocks.append(Paragraph(w.gettext("On %(section)s", section=w.quoted(titles[review["section"]])),
                                              "note"))
            child.blocks.append(Quote(_typed(data, review["text"], w), review.get("author")))
        section.children.append(child)
    return section


def _action_grid(data: ReportInput, w: Wording) -> Grid:
    """The action plan as a grid; overdue items are flagged: in words in their "Due" cell ("Overdue since 4 December
    2026", ``due_as_of``), and by style."""
    _ = w.gettext
    rows, flagged = [], set()
    for n, action in enumerate(data.actions):
        title = _typed(data, action["title"], w)
        if action.get("carried_from"):
            title = concat(title, "\n", _("Carried over from the forum's previous edition"))
        follow_up = action.get("latest_follow_up")
        if follow_up:
            title = concat(title, "\n", _("Latest follow-up (%(date)s): %(note)s", date=w.date(follow_up["date"]),
                                           note=_shorten(_typed(data, follow_up["note"], w), 200)))
        # an item the next edition carried over lives there now: the status it was left with here is not its own
        status = (_("Carried over to the next edition") if action.get("carried_on")
                  else status_label(action["status"], w))
        if action.get("overdue"):
            flagged.add(n)
        lead = action.get("lead") or action.get("lead_tie") or ""  # the page's sentence on a tie, as the page says it
        rows.append([title, _typed(data, action.get("priority") or "", w), _typed(data, lead, w),
                     action.get("owner") or "",
                     due_as_of(action, w), status])
    return Grid([_("Action"), _("Priority / theme"), _("Lead group"), _("Owner"), _("Due"), _("Status")], rows,
                (4, 2.2, 1.8, 1.6, 1.4, 1.2), flagged)


def _plan_progress(data: ReportInput, w: Wording) -> list[Paragraph]:
    """How much of the plan is done, as the public progress page counts it (dropped items left out)."""
    statuses = [counted_status(action["status"], bool(action.get("carried_on"))) for action in data.actions]
    progress = progress_of(statuses)
    if progress is None:
        return []
    paragraphs = [Paragraph(w.ngettext(
        "%(percent)s done: %(done)d of %(num)d action item (dropped items are not counted).",
        "%(percent)s done: %(done)d of %(num)d action items (dropped items are not counted).", progress.total,
        percent=w.percent(progress.points), done=progress.done), "strong")]
    # an item the next edition carried over is not done here, whatever status it was left with: it is followed up,
    # and counted done, there
    carried = statuses.count(CARRIED)
    if carried:
        paragraphs.append(Paragraph(w.ngettext(
            "Of the items not done, %(num)d was carried over to the forum's next edition, which follows it up.",
            "Of the items not done, %(num)d were carried over to the forum's next edition, which follows them up.",
            carried)))
    # this year's items that last year's plan left open, counted among this plan's as the series page counts them:
    # with the status they count with here (one carried on again to the next edition is not done here, even if it
    # was marked done after the carry)
    earlier = [status for action, status in zip(data.actions, statuses)
               if action.get("carried_from") and status != "dropped"]
    if earlier:
        paragraphs.append(Paragraph(w.ngettext(
            "%(num)d of these items was carried over from the forum's previous edition (%(done)d done so far).",
            "%(num)d of these items were carried over from the forum's previous edition (%(done)d done so far).",
            len(earlier), done=earlier.count("done"))))
    return paragraphs


def _way_forward_section(data: ReportInput, titles: dict, w: Wording) -> Section:
    section = Section("way_forward", titles["way_forward"],
                      _editable(data.way_forward, draft_way_forward(data, w.lang), w))
    if data.steering_model:
        model = STEERING_MODELS.get(data.steering_model)
        section.blocks.append(Paragraph(w.gettext("How the steering committee is formed: %(model)s.",
                                                  model=w.gettext(model) if model else data.steering_model)))
    plan = Section("action_plan", titles["action_plan"])
    plan.blocks += _plan_progress(data, w)
    plan.blocks.append(_action_grid(data, w) if data.actions else Paragraph(
        w.gettext("No action items yet: the steering committee drafts them from the top priorities."), "note"))
    as_of = overdue_as_of(data.actions, data.generated_on, w)
    if as_of:
        plan.blocks.append(Paragraph(as_of, "note"))
    if data.progress_url:
        plan.blocks.append(Paragraph(w.gettext("Follow the action plan on the public progress page: %(url)s",
                                               url=data.progress_url), link=data.progress_url))
    if any(action.get("owner_withheld") for action in data.actions):
        plan.blocks.append(Paragraph(
            w.gettext("Owners are named only if they agreed to be named on the public progress page.")
            if data.progress_url else w.gettext("Owners are named only if they agreed to be named publicly."), "note"))
    section.children.append(plan)
    return section


def _appendix(data: ReportInput, titles: dict, names: DisplayNames, w: Wording) -> Section:
    _ = w.gettext
    columns, widths = [_("#"), _("Round"), _("Stakeholder group")], [0.6, 1.6, 1.8]
    if data.themes:
        columns.append(_("Theme"))
        widths.append(2.0)
    columns.append(_("Idea"))
    widths.append(5.0)
    round_rank = {r["key"]: n for n, r in enumerate(data.rounds)}
    ordered = sorted(data.ideas, key=lambda i: (round_rank.get(i.round, len(round_rank)), i.id))
    rows = []
    for n, idea in enumerate(ordered, 1):
        row = [w.number(n), names.round(idea.round), names.idea_group(idea)]
        if data.themes:
            row.append(names.theme(idea.theme))
        rows.append(row + [_idea_text(idea, w)])
    return Section("appendix", titles["appendix"],
                   [Grid(columns, rows, tuple(widths), stacked_on_phones=True)] if rows else [Paragraph(_(NO_IDEAS))])


# ---- entry points ------------------------------------------------------------------------------

def _document(data: ReportInput, w: Wording, kind: str, sections: list[Section]) -> Document:
    """The report or the brief (``kind``) with its title, subtitle, draft flag and generation date."""
    subtitle = " · ".join(x for x in (w.date(data.date), data.venue) if x)
    name = w.gettext("Post-forum report") if kind == "report" else w.gettext("Forum brief")
    return Document(in_language(data.name, data.name_lang, w.lang), name + (f" — {subtitle}" if subtitle else ""),
                    w.lang, not data.final,
                    w.gettext("Generated on %(date)s", date=w.date(data.generated_on)), sections, kind=kind,
                    draft_notice=w.gettext("Draft report — not yet final"), contents_title=w.gettext("Contents"),
                    page_label=w.gettext("Page %(n)s"))


def build_report(data: ReportInput, lang: str = "en") -> Document:
    w = wording(lang)
    titles = section_titles(lang)
    names = DisplayNames(data, w)
    ideas_by_id = {idea.id: idea for idea in data.ideas}
    summary = Section("summary", titles["summary"],
                      [_summary_figures(data, w)] + _attendance_note(data, w) + _tables_note(data, w)
                      + _rounds_note(data, names, w) + _group_note(data, w) + _themes_note(data, w)
                      + _dots_note(data, w))
    summary.blocks += _charts(data, names, w)
    duplicates = _Duplicates(data.near_duplicates, ideas_by_id, w)
    sections = [
        Section("exec_summary", titles["exec_summary"],
                _editable(data.executive_summary, draft_executive_summary(data, lang), w)),
        summary,
        _priorities_section(data, titles, _by_theme(data), ideas_by_id, duplicates, w),
        _ideas_section(data, titles, names, duplicates, w),
        _evaluation_section(data, titles, names, w),
        _reviewers_section(data, titles, w),
        _way_forward_section(data, titles, w),
    ]
    if data.include_appendix:
        sections.append(_appendix(data, titles, names, w))
    return _document(data, w, "report", sections)


def build_brief(data: ReportInput, lang: str = "en") -> Document:
    """One page: key figures, the top priorities with their breadth, and the next steps."""
    w = wording(lang)
    by_theme = _by_theme(data)
    figures = _summary_figures(data, w).items
    if data.evaluation and data.evaluation.get("responses"):
        figures += _evaluation_figures(data.evaluation, w, data.retired_questions, counted=True).items[1:]
    priorities = Section("priorities", section_titles(lang)["priorities"])
    if data.priorities:
        priorities.blocks.append(Bullets([
            concat(_priority_label(data, p, w),
                   f" — {_priority_reasons(data, p, by_theme.get(p.get('theme_key'), []), w)}")
            for p in data.priorities[:BRIEF_PRIORITIES]]))
        priorities.blocks += _vote_open_note(data, w)
    else:
        priorities.blocks.append(Paragraph(w.gettext(NO_ANALYSIS), "note"))
    steps = Section("way_forward", w.gettext("Next steps"))
    # an item the next edition carried over is followed up there: not one of this forum's next steps (the report's
    # plan says "Carried over to the next edition" whatever status it was left with here)
    open_actions = [a for a in data.actions if a["status"] in OPEN_STATUSES and not a.get("carried_on")][:BRIEF_STEPS]
    if open_actions:
        steps.blocks.append(Bullets([
            concat(_typed(data, a["title"], w), "".join(f" — {x}" for x in (a.get("owner"), due_as_of(a, w)) if x))
            for a in open_actions]))  # an overdue step said so as the report's plan says it
        as_of = overdue_as_of(data.actions, data.generated_on, w)  # the whole plan's, as the report counts them
        if as_of:
            steps.blocks.append(Paragraph(as_of, "note"))
    else:
        text = (data.way_forward if data.way_forward and data.way_forward.strip()
                else draft_way_forward(data, lang, plan_below=False))
        steps.blocks += _paragraphs(text)[:2]
    return _document(data, w, "brief", [Section("summary", w.gettext("Key figures"),
                                                [Figures(figures)] + _attendance_note(data, w)
                                                + _dots_note(data, w) + _evaluation_open_note(data, w)),
                                        priorities, steps])
