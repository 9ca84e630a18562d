"""The report's fixed text in English and French (ideas and comments stay as written).

The report's language is chosen per report, independently of the organizer's interface
language, and this package never imports Flask: so the strings live here, not in Flask-Babel.
"""
from __future__ import annotations

LANGUAGE_NAMES = {"en": "English", "fr": "Français"}  # each report language named in itself
LANGUAGES = tuple(LANGUAGE_NAMES)

TEXT = {
    "en": {
        "report": "Post-forum report",
        "brief": "Forum brief",
        "draft_report": "Draft report — not yet final",
        "draft_marker": "DRAFT generated from the data: the organizer edits this text before publishing.",
        "generated": "Generated on {date}",
        "contents": "Contents",
        "exec_summary": "Executive summary",
        "summary": "The forum in figures",
        "priorities": "Top priorities",
        "ideas": "Ideas by round and stakeholder group",
        "evaluation": "Forum evaluation",
        "reviewers": "Reviewers' input",
        "way_forward": "Way forward",
        "action_plan": "Action plan",
        "appendix": "Appendix: every idea",
        "key_figures": "Key figures",
        "next_steps": "Next steps",
        # figures
        "fig_ideas": "ideas written down",
        "fig_tables": "tables",
        "fig_rounds": "rounds of discussion",
        "fig_groups": "stakeholder groups heard",
        "fig_attendees": "participants",
        "fig_themes": "themes",
        "fig_responses": "evaluation responses",
        "fig_mean": "average rating (out of 5)",
        "fig_satisfied": "rated it excellent or very good",
        "fig_annual": "want it every year",
        "fig_involvement": "want to help implement the outcomes",
        # priorities
        "priority_why": "Why: {why}",
        "priority_breadth": "{ideas} ideas from {groups} stakeholder groups at {tables} tables",
        "priority_breadth_notables": "{ideas} ideas from {groups} stakeholder groups",
        "priority_votes": "{votes} votes",
        "priority_examples": "What participants said",
        "no_priorities": "The analysis has not been run yet, so there are no themes or priorities to report.",
        # ideas
        "untagged": "No stakeholder group recorded",
        "no_round": "No round recorded",
        "no_theme": "Not in a theme",
        "raised_at": "raised at {n} tables",
        "raised_times": "raised {n} times",
        "ideas_intro": ("Ideas are printed as the facilitators wrote them down. Ideas that said the same "
                        "thing at several tables are shown once."),
        "no_ideas": "No ideas were recorded.",
        # evaluation
        "eval_intro": "{n} participants filled in the evaluation.",
        "no_evaluation": "No evaluation responses were recorded.",
        "rating": "Rating",
        "responses": "Responses",
        "share": "Share",
        "rating_5": "Excellent", "rating_4": "Very good", "rating_3": "Good", "rating_2": "Fair", "rating_1": "Poor",
        "annual_question": "Should this become an annual event?",
        "annual_yes": "Yes, every year", "annual_more_often": "More often", "annual_maybe": "Maybe",
        "annual_no": "No", "annual_no_answer": "No answer",
        "open_answers": "What participants wrote",
        "answers_theme": "{label} ({count})",
        "percent_note": "Percentages are over all {n} respondents.",
        # reviewers
        "reviewers_intro": "Groups who read the draft of this report commented on it; their approved comments follow.",
        "no_reviews": "No reviewer comments have been approved yet.",
        "on_section": "On “{section}”",
        "on_idea": "On the idea “{idea}”",
        # way forward / actions
        "steering_model": "How the steering committee is formed: {model}.",
        "steering_organizers_lead": "organizers lead",
        "steering_participants_lead_supported": "participants lead with the organizers' support",
        "steering_participants_alone": "participants lead on their own",
        "no_actions": "No action items yet: the steering committee drafts them from the top priorities.",
        "col_action": "Action", "col_priority": "Priority / theme", "col_lead": "Lead group", "col_owner": "Owner",
        "col_due": "Due", "col_status": "Status", "col_round": "Round", "col_group": "Stakeholder group",
        "col_theme": "Theme", "col_idea": "Idea", "col_number": "#",
        "status_not_started": "Not started", "status_in_progress": "In progress", "status_done": "Done",
        "status_dropped": "Dropped", "overdue": "overdue",
        "latest_follow_up": "Latest follow-up ({date}): {note}",
        # charts
        "chart_groups": "Ideas per stakeholder group and round",
        "chart_themes": "Theme sizes",
        "chart_ratings": "How participants rated the forum",
        "chart_heatmap": "Themes raised by each stakeholder group",
        "chart_mentions": "Stakeholder groups whose ideas mention each other",
        "axis_ideas": "Ideas",
        "axis_responses": "Responses",
        "legend_strong": "strong connection (many mentions)",
        "legend_weak": "weak connection (few mentions)",
        "no_mentions": "No idea mentions another stakeholder group.",
        "alt_groups": "Bar chart of the number of ideas from each stakeholder group, one bar per round.",
        "alt_themes": "Bar chart of the number of ideas in each theme.",
        "alt_ratings": "Bar chart of the number of responses for each rating from Poor to Excellent.",
        "alt_heatmap": "Grid of themes by stakeholder group; each cell gives the number of ideas.",
        "alt_mentions": ("Map of stakeholder groups; a line joins two groups when ideas of one mention the other, "
                         "solid for strong connections and dashed for weak ones."),
        # drafted executive summary
        "exec_1": ("On {date}, the forum “{name}” brought together {attendees}at {tables} tables for {rounds} "
                   "rounds of discussion. Facilitators wrote down {ideas} ideas from {groups} stakeholder groups."),
        "exec_1_notables": ("On {date}, the forum “{name}” brought together {attendees}for {rounds} rounds of "
                            "discussion. Facilitators wrote down {ideas} ideas from {groups} stakeholder groups."),
        "exec_attendees": "{n} participants ",
        "exec_no_attendees": "stakeholders ",
        "exec_date_unknown": "the day of the forum",
        "exec_themes": "The ideas fall into {n} themes; the largest are {themes}.",
        "exec_priorities": "The top priorities that emerged are {items}.",
        "exec_eval": ("{n} participants evaluated the forum: the average rating was {mean} out of 5, {satisfied} "
                      "rated it excellent or very good, {annual} want it to be held every year and {involvement} "
                      "want to help implement its outcomes."),
        "way_1": ("We propose that a steering committee turns the top priorities into an action plan: tangible "
                  "steps, who is responsible for each, deadlines and follow-ups."),
        "way_2": "{n} participants signed up to help.",
        "way_3": "The action plan below will be followed up at regular meetings and reported back to participants.",
        "and": "and",
        "page": "Page {n}",
    },
    "fr": {
        "report": "Rapport post-forum",
        "brief": "Synthèse du forum",
        "draft_report": "Rapport provisoire — version non définitive",
        "draft_marker": ("ÉBAUCHE générée à partir des données : l'organisateur révise ce texte avant de le "
                         "publier."),
        "generated": "Produit le {date}",
        "contents": "Table des matières",
        "exec_summary": "Résumé",
        "summary": "Le forum en chiffres",
        "priorities": "Priorités principales",
        "ideas": "Idées par tour et par groupe d'intervenants",
        "evaluation": "Évaluation du forum",
        "reviewers": "Commentaires des relecteurs",
        "way_forward": "Prochaines étapes",
        "action_plan": "Plan d'action",
        "appendix": "Annexe : toutes les idées",
        "key_figures": "Chiffres clés",
        "next_steps": "Prochaines étapes",
        "fig_ideas": "idées notées",
        "fig_tables": "tables",
        "fig_rounds": "tours de discussion",
        "fig_groups": "groupes d'intervenants entendus",
        "fig_attendees": "participants",
        "fig_themes": "thèmes",
        "fig_responses": "réponses à l'évaluation",
        "fig_mean": "note moyenne (sur 5)",
        "fig_satisfied": "l'ont jugé excellent ou très bien",
        "fig_annual": "le souhaitent chaque année",
        "fig_involvement": "veulent aider à mettre en œuvre les résultats",
        "priority_why": "Pourquoi : {why}",
        "priority_breadth": "{ideas} idées de {groups} groupes d'intervenants à {tables} tables",
        "priority_breadth_notables": "{ideas} idées de {groups} groupes d'intervenants",
        "priority_votes": "{votes} votes",
        "priority_examples": "Ce que les participants ont dit",
        "no_priorities": ("L'analyse n'a pas encore été lancée : il n'y a donc ni thèmes ni priorités à "
                          "présenter."),
        "untagged": "Aucun groupe d'intervenants noté",
        "no_round": "Aucun tour noté",
        "no_theme": "Hors thème",
        "raised_at": "soulevée à {n} tables",
        "raised_times": "soulevée {n} fois",
        "ideas_intro": ("Les idées sont reproduites telles que les animateurs les ont notées. Les idées "
                        "exprimées à plusieurs tables ne figurent qu'une fois."),
        "no_ideas": "Aucune idée n'a été notée.",
        "eval_intro": "{n} participants ont rempli l'évaluation.",
        "no_evaluation": "Aucune réponse à l'évaluation n'a été reçue.",
        "rating": "Note",
        "responses": "Réponses",
        "share": "Part",
        "rating_5": "Excellent", "rating_4": "Très bien", "rating_3": "Bien", "rating_2": "Passable",
        "rating_1": "Faible",
        "annual_question": "Cet événement devrait-il devenir annuel ?",
        "annual_yes": "Oui, chaque année", "annual_more_often": "Plus souvent", "annual_maybe": "Peut-être",
        "annual_no": "Non", "annual_no_answer": "Sans réponse",
        "open_answers": "Ce que les participants ont écrit",
        "answers_theme": "{label} ({count})",
        "percent_note": "Les pourcentages portent sur l'ensemble des {n} répondants.",
        "reviewers_intro": ("Des groupes ont lu l'ébauche de ce rapport et l'ont commentée ; voici leurs "
                            "commentaires approuvés."),
        "no_reviews": "Aucun commentaire de relecteur n'a encore été approuvé.",
        "on_section": "Sur « {section} »",
        "on_idea": "Sur l'idée « {idea} »",
        "steering_model": "Formation du comité directeur : {model}.",
        "steering_organizers_lead": "les organisateurs dirigent",
        "steering_participants_lead_supported": "les participants dirigent avec l'appui des organisateurs",
        "steering_participants_alone": "les participants dirigent seuls",
        "no_actions": ("Aucune action pour l'instant : le comité directeur les rédige à partir des priorités "
                       "principales."),
        "col_action": "Action", "col_priority": "Priorité / thème", "col_lead": "Groupe responsable",
        "col_owner": "Responsable", "col_due": "Échéance", "col_status": "État", "col_round": "Tour",
        "col_group": "Groupe d'intervenants", "col_theme": "Thème", "col_idea": "Idée", "col_number": "no",
        "status_not_started": "Pas commencée", "status_in_progress": "En cours", "status_done": "Terminée",
        "status_dropped": "Abandonnée", "overdue": "en retard",
        "latest_follow_up": "Dernier suivi ({date}) : {note}",
        "chart_groups": "Idées par groupe d'intervenants et par tour",
        "chart_themes": "Taille des thèmes",
        "chart_ratings": "Comment les participants ont noté le forum",
        "chart_heatmap": "Thèmes soulevés par chaque groupe d'intervenants",
        "chart_mentions": "Groupes d'intervenants dont les idées se mentionnent",
        "axis_ideas": "Idées",
        "axis_responses": "Réponses",
        "legend_strong": "lien fort (nombreuses mentions)",
        "legend_weak": "lien faible (peu de mentions)",
        "no_mentions": "Aucune idée ne mentionne un autre groupe d'intervenants.",
        "alt_groups": "Diagramme en barres du nombre d'idées de chaque groupe d'intervenants, une barre par tour.",
        "alt_themes": "Diagramme en barres du nombre d'idées dans chaque thème.",
        "alt_ratings": "Diagramme en barres du nombre de réponses pour chaque note, de Faible à Excellent.",
        "alt_heatmap": "Grille des thèmes par groupe d'intervenants ; chaque case donne le nombre d'idées.",
        "alt_mentions": ("Carte des groupes d'intervenants ; un trait relie deux groupes quand les idées de l'un "
                         "mentionnent l'autre, plein pour les liens forts et pointillé pour les liens faibles."),
        "exec_1": ("Le {date}, le forum « {name} » a réuni {attendees}à {tables} tables pour {rounds} tours "
                   "de discussion. Les animateurs ont noté {ideas} idées de {groups} groupes d'intervenants."),
        "exec_1_notables": ("Le {date}, le forum « {name} » a réuni {attendees}pour {rounds} tours de "
                            "discussion. Les animateurs ont noté {ideas} idées de {groups} groupes d'intervenants."),
        "exec_attendees": "{n} participants ",
        "exec_no_attendees": "des intervenants ",
        "exec_date_unknown": "jour du forum",
        "exec_themes": "Les idées se regroupent en {n} thèmes ; les plus importants sont {themes}.",
        "exec_priorities": "Les priorités principales qui se dégagent sont {items}.",
        "exec_eval": ("{n} participants ont évalué le forum : la note moyenne est de {mean} sur 5, {satisfied} "
                      "l'ont jugé excellent ou très bien, {annual} souhaitent qu'il ait lieu chaque année et "
                      "{involvement} veulent aider à mettre en œuvre ses résultats."),
        "way_1": ("Nous proposons qu'un comité directeur transforme les priorités principales en plan d'action : "
                  "des étapes concrètes, un responsable pour chacune, des échéances et des suivis."),
        "way_2": "{n} participants se sont portés volontaires.",
        "way_3": ("Le plan d'action ci-dessous sera suivi lors de réunions régulières et les résultats seront "
                  "communiqués aux participants."),
        "and": "et",
        "page": "Page {n}",
    },
}

MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown report language {lang!r} (choose from {', '.join(LANGUAGES)})")
    return lang


def t(lang: str, key: str, **values) -> str:
    text = TEXT[lang][key]
    return text.format(**values) if values else text


def format_date(value, lang: str) -> str:
    """A date (datetime.date) written out: 8 November 2019 / 8 novembre 2019."""
    if value is None:
        return ""
    months = MONTHS_FR if lang == "fr" else MONTHS_EN
    day = "1er" if lang == "fr" and value.day == 1 else str(value.day)
    return f"{day} {months[value.month - 1]} {value.year}"


def format_percent(share: float | None, lang: str) -> str:
    if share is None:
        return "–"
    number = round(share * 100)
    return f"{number} %" if lang == "fr" else f"{number}%"


def format_decimal(value: float | None, lang: str, digits: int = 2) -> str:
    if value is None:
        return "–"
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "fr" else text


def quoted(text: str, lang: str) -> str:
    return f"« {text} »" if lang == "fr" else f"“{text}”"


def join_words(items: list[str], lang: str) -> str:
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {t(lang, 'and')} " + items[-1]
