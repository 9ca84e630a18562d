"""The texts the organizer edits before publishing, drafted from the data: the executive summary
and the way forward."""
from __future__ import annotations

from collections import Counter

from analysis.report.inputs import DisplayNames, ReportInput
from analysis.report.shares import evaluation_percents, few_answered_note
from analysis.report.wording import N_, wording


# Who met, at how many tables (when the ideas say) and for how many rounds (those with ideas).
MET = {(True, True): N_("On %(date)s, the forum “%(name)s” brought together %(attendees)s at %(tables)s for "
                       "%(rounds)s."),
       (False, True): N_("On %(date)s, the forum “%(name)s” brought together %(attendees)s for %(rounds)s."),
       (True, False): N_("On %(date)s, the forum “%(name)s” brought together %(attendees)s at %(tables)s."),
       (False, False): N_("On %(date)s, the forum “%(name)s” brought together %(attendees)s.")}


def draft_executive_summary(data: ReportInput, lang: str) -> str:
    w = wording(lang)
    names = DisplayNames(data, w)
    attendees = (w.ngettext("%(num)d participant", "%(num)d participants", data.attendees) if data.attendees
                 else w.gettext("stakeholders"))
    values = dict(date=w.date(data.date) if data.date else w.gettext("the day of the forum"), name=data.name,
                  attendees=attendees, tables=w.ngettext("%(num)d table", "%(num)d tables", data.tables),
                  rounds=w.ngettext("%(num)d round of discussion", "%(num)d rounds of discussion", data.rounds_held))
    met = w.gettext(MET[bool(data.tables), bool(data.rounds_held)], **values)
    ideas = w.ngettext("%(num)d idea", "%(num)d ideas", len(data.ideas))
    # Before the forum (or with no group tagged) a count of nothing reads as a finding: leave it out.
    if not data.ideas:
        wrote = ""
    elif data.groups_heard:
        wrote = w.gettext("Facilitators wrote down %(ideas)s from %(groups)s.", ideas=ideas,
                          groups=w.ngettext("%(num)d stakeholder group", "%(num)d stakeholder groups",
                                            data.groups_heard))
    else:
        wrote = w.gettext("Facilitators wrote down %(ideas)s.", ideas=ideas)
    findings = []
    if data.themes:
        sizes = Counter(idea.theme for idea in data.ideas if idea.theme)
        # themes of equal size in the themes' order, as the theme sizes chart and the priorities give them (not in
        # the order their first ideas were written down)
        order = {theme["key"]: n for n, theme in enumerate(data.themes)}
        ranked = sorted(sizes, key=lambda key: (-sizes[key], order.get(key, len(order))))
        largest = w.join([w.quoted(names.theme(key)) for key in ranked[:3]])
        findings.append(w.ngettext("The ideas fall into %(num)d theme; the largest is %(themes)s.",
                                   "The ideas fall into %(num)d themes; the largest are %(themes)s.",
                                   len(data.themes), themes=largest))
    if data.priorities:
        top = [w.quoted(p["label"]) for p in data.priorities[:3]]
        findings.append(w.ngettext("The top priority that emerged is %(items)s.",
                                   "The top priorities that emerged are %(items)s.", len(top), items=w.join(top)))
    paragraphs = [" ".join(filter(None, (met, wrote))), " ".join(findings)]
    evaluation = data.evaluation
    if evaluation and evaluation.get("responses"):
        paragraphs.append(_evaluation_sentence(evaluation, w))
    return "\n\n".join(p for p in paragraphs if p)


def _evaluation_sentence(evaluation: dict, w) -> str:
    """What the evaluation said, leaving out a question nobody answered (its figure is None)."""
    percents = evaluation_percents(evaluation)
    figures = [w.gettext(message, value=show(value)) + (few_answered_note(percents, figure, w) if figure else "")
               for value, message, show, figure in (
        (evaluation.get("mean_rating"), N_("the average rating was %(value)s out of 5"), w.decimal, None),
        (percents.satisfied, N_("%(value)s rated it excellent or very good"), w.percent, "satisfied"),
        (percents.annual_yes, N_("%(value)s want it to be held every year"), w.percent, "annual_yes"),
        (percents.involvement, N_("%(value)s want to help implement its outcomes"), w.percent, "involvement"),
    ) if value is not None]
    if not figures:
        return w.ngettext("%(num)d participant evaluated the forum.", "%(num)d participants evaluated the forum.",
                          evaluation["responses"])
    return w.ngettext("%(num)d participant evaluated the forum: %(figures)s.",
                      "%(num)d participants evaluated the forum: %(figures)s.", evaluation["responses"],
                      figures=w.join(figures))


def draft_way_forward(data: ReportInput, lang: str, plan_below: bool = True) -> str:
    """The way forward drafted from the data; ``plan_below``: the document has the action plan after it (the
    report), which it says will be followed up (the one-page brief has no plan to point to)."""
    w = wording(lang)
    if data.carried_members:  # a next edition: the committee exists already, and its members did not sign up here
        parts = [w.gettext("The steering committee of the forum's previous edition carries on and turns the top "
                           "priorities into its action plan: tangible steps, who is responsible for each, deadlines "
                           "and follow-ups."),
                 w.ngettext("%(num)d member of the previous edition's committee carries on.",
                            "%(num)d members of the previous edition's committee carry on.", data.carried_members)]
    else:
        parts = [w.gettext("We propose that a steering committee turns the top priorities into an action plan: "
                           "tangible steps, who is responsible for each, deadlines and follow-ups.")]
    if data.signups:
        parts.append(w.ngettext("%(num)d participant signed up to help.", "%(num)d participants signed up to help.",
                                data.signups))
    if plan_below:
        parts.append(w.gettext("The action plan below will be followed up at regular meetings and reported back to "
                               "participants."))
    return "\n\n".join(parts)
