"""Everything the report says, handed over by the app (or a test) as plain values."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from analysis.report.marks import in_language
from analysis.report.wording import Wording


@dataclass(frozen=True)
class ReportIdea:
    id: int
    text: str
    round: str | None = None  # round key
    group: str | None = None  # stakeholder group key, as a facilitator tagged it
    theme: str | None = None  # theme key
    table: str | None = None
    starred: bool = False
    suggested_group: str | None = None  # untagged: the group the analysis suggested
    group_not_sure: bool = False  # untagged: the analysis was not sure of its group
    lang: str | None = None  # the language it is written in, where known (e.g. "en" on a French report)


ATTENDANCE_BASES = ("largest", "registered", "joined", "evaluated")


@dataclass(frozen=True)
class Attendance:
    """The three counts of who came, and which one the report calls its participants (``basis``):
    ``largest`` takes the largest of the three."""

    registered: int = 0  # on the registration list
    joined: int = 0  # joined on their phones
    evaluated: int = 0  # filled in the evaluation
    basis: str = "largest"

    def counts(self) -> dict[str, int]:
        return {"registered": self.registered, "joined": self.joined, "evaluated": self.evaluated}

    @property
    def source(self) -> str:
        """The count the figure comes from (for ``largest``, the first of the largest)."""
        counts = self.counts()
        return self.basis if self.basis in counts else max(counts, key=counts.get)

    @property
    def count(self) -> int:
        return self.counts()[self.source]


@dataclass
class ReportInput:
    name: str
    date: datetime.date | None = None
    venue: str | None = None
    attendance: Attendance = field(default_factory=Attendance)
    tables: int = 0
    # the cards the tables are decided from (the priorities' when ranked): how many say their table, of how many;
    # None: the report's ideas
    ideas_with_table: int | None = None
    ideas_counted: int | None = None
    # a round's and a group's "langs": {report language: the language its title or name is in there}, where
    # known (a group without a French name is named in English in a French report)
    rounds: list[dict] = field(default_factory=list)  # {"key", "title", "title_fr", "langs"}
    groups: list[dict] = field(default_factory=list)  # {"key", "name", "name_fr", "langs"}
    ideas: list[ReportIdea] = field(default_factory=list)
    # {"key", "label", "lang", "subthemes": [{"label", "ideas", "lang"}]} in order; "lang": the label's language
    themes: list[dict] = field(default_factory=list)
    priorities: list[dict] = field(default_factory=list)  # AnalysisRun.results["priorities"] + "votes" (dots)
    near_duplicates: list[dict] = field(default_factory=list)  # {"idea_ids": [...], "tables": n}
    mentions: dict[str, dict[str, int]] = field(default_factory=dict)  # group key → mentioned group key → count
    evaluation: dict | None = None  # analysis.evaluation.summarize output
    grouped_answers: dict[str, list[dict]] = field(default_factory=dict)  # question key → [{label, count, quotes}]
    questions: dict[str, str] = field(default_factory=dict)  # open question key → prompt in the report language
    # the keys of the questions the organizer retired (no longer asked; their answers still counted, marked)
    retired_questions: frozenset[str] = frozenset()
    # the language of texts people typed, where known and not the report's: a question's prompt without a
    # translation, an answer quoted, a reviewer's comment, an action item (text → "en" / "fr")
    languages: dict[str, str] = field(default_factory=dict)
    name_lang: str | None = None  # the language of the forum's name, where known
    # the organizer's own rating, choice and yes/no questions of the evaluation, in the form's order:
    # {"key", "kind", "prompt", "rows": [{"value", "label", "count", "percent", "removed"}], "no_answer"}, texts
    # in the report language; percents of those who answered the question as
    # analysis.report.shares.whole_percents gives them; "removed": a choice the organizer removed after people
    # chose it
    added_questions: list[dict] = field(default_factory=list)
    # the forum's own choices of its annual question ("Should this become an annual event?"), in the form's
    # order: {"value", "label", "removed"} with the label in the report language; None: the standard choices
    annual_choices: list[dict] | None = None
    # rated rounds: {"round" (key), "responses", "ratings" (the responses that rated it: "mean" rests on them),
    # "comments_only" (the responses with only a comment)}
    sessions: list[dict] = field(default_factory=list)
    reviews: list[dict] = field(default_factory=list)  # {"reviewer", "author", "section", "idea_text", "text"}
    # {"title", "priority", "lead" (the lead group's name), "lead_tie" (None, or the sentence saying several groups
    # tie when no lead group is chosen), "owner" (None when not to be named), "owner_withheld", "due", "status", ...}
    actions: list[dict] = field(default_factory=list)
    # the forum's dot votes, when participants placed dots: {"votes": the votes held, "voters": devices that placed
    # dots, "dots": dots placed} in all, and the same of the dots on themes or cards under "priority" and of the dots
    # on typed items under "other", item by item: a vote may mix both (dots on a deleted card left out; without
    # "priority", all are priority votes); "priority" also says how many of its dots count for no priority
    # ("no_priority": on a theme whose cards were all deleted, or on a card in no theme); None: no dot was placed
    vote: dict | None = None
    # the dot votes with items the organizer typed (not themes nor cards: their dots count for no priority), in the
    # order they were opened, each with dots on them, only those items with their dots and voters: {"title",
    # "voters", "dots", "open" (still open on the report's date), "with_priorities" (the vote also holds themes or
    # cards, whose dots are the priorities'), "items": [{"label", "dots", "voters"}]}
    # with its items most dots first (ties in the vote's order)
    typed_votes: list[dict] = field(default_factory=list)
    # what participants could still answer on the day the report was generated (``generated_on``): its evaluation
    # figures and its priority ranking are those of that day, which the report says
    evaluation_open: bool = False
    vote_open: bool = False  # a vote with a theme or a card (its typed items say so in "typed_votes")
    sessions_open: bool = False  # a round's rating
    signups: int = 0  # the steering committee's members who signed up at this forum
    carried_members: int = 0  # its members carried over from the forum's previous edition, who signed up there
    progress_url: str | None = None  # the public progress page's address, while its link is shared
    steering_model: str | None = None
    executive_summary: str | None = None  # the organizer's text; None → drafted from the data
    way_forward: str | None = None
    final: bool = False
    include_appendix: bool = True  # the every-idea appendix at the end (tens of pages for a large forum)
    generated_on: datetime.date = field(default_factory=datetime.date.today)

    @property
    def attendees(self) -> int:
        """The report's one figure of participants (see ``Attendance``)."""
        return self.attendance.count

    @property
    def rounds_held(self) -> int:
        """The rounds ideas were written down in: a round set up but without any idea is not counted."""
        return len({idea.round for idea in self.ideas if idea.round})

    @property
    def rounds_without_ideas(self) -> list[dict]:
        """The forum's rounds in which no idea was written down (none when no idea was at all)."""
        held = {idea.round for idea in self.ideas}
        return [r for r in self.rounds if r["key"] not in held] if self.ideas else []

    @property
    def groups_heard(self) -> int:
        """Groups that facilitators tagged (the analysis' suggestions are counted apart)."""
        return len({idea.group for idea in self.ideas if idea.group})


class DisplayNames:
    """Display names of the input's rounds, groups and themes in the report's language."""

    def __init__(self, data: ReportInput, w: Wording):
        french, lang = w.lang == "fr", w.lang
        self.w = w

        def shown(item: dict, text: str, french_text: str | None) -> str:
            """The title or name as the report shows it, marked with its language where it is not the report's:
            a French report without the French text shows the English one."""
            language = (item.get("langs") or {}).get(lang)
            if french and not french_text:
                return in_language(text, language or "en", lang)
            return in_language(french_text if french else text, language, lang)

        self.rounds = {r["key"]: shown(r, r["title"], r.get("title_fr")) for r in data.rounds}
        self.groups = {g["key"]: shown(g, g["name"], g.get("name_fr")) for g in data.groups}
        self.themes = {th["key"]: in_language(th["label"], th.get("lang"), lang) for th in data.themes}

    def round(self, key):
        return self.rounds.get(key, key) if key else self.w.gettext("No round recorded")

    def group(self, key):
        return self.groups.get(key, key) if key else self.w.gettext("No stakeholder group recorded")

    def idea_group(self, idea: ReportIdea) -> str:
        """An idea's group as a reader must see it: the tag, or the analysis' suggestion or doubt, marked."""
        if idea.group or not (idea.suggested_group or idea.group_not_sure):
            return self.group(idea.group)
        if idea.suggested_group:
            return self.w.gettext("%(group)s (suggested by the analysis)", group=self.group(idea.suggested_group))
        return self.w.gettext("No stakeholder group recorded; the analysis is not sure of its group")

    def theme(self, key):
        return self.themes.get(key, key) if key else self.w.gettext("Not in a theme")
