"""Every figure of the drafted report, counted by hand from a forum that is not the sample, against what each of
the report's five formats says (HTML, Word, PDF, Markdown and the one-page brief), in French and in English.

The forum (French first; its English variant English first): 3 rounds (the third without any idea, and only a
comment in its session rating), 5 stakeholder groups (Government with no card, Colleges only through cards no
facilitator tagged), 10 cards on 3 tables (a near-duplicate pair, HTML and emoji in the text, an English card,
2 cards the analysis suggested Colleges for, 2 it was not sure of), 2 registered people and 6 phones that joined
(one only rated a session, one answered nothing), 4 evaluation responses (skipped questions, one rating changed
after it was sent), two sessions rated to the same average, a priority vote whose last two themes tie on dots
(a phone that placed none), approved, pending and rejected review comments, 3 sign-ups (one withdrawn, one owner
not to be named) and an action item in every status: not started (overdue), in progress, done, dropped, carried
over to the next edition, carried over from the previous one, and both."""
from __future__ import annotations

import datetime
import io
import re
import subprocess

import pytest

from forum.extensions import db
from forum.models import (ActionItem, AnalysisRun, FollowUp, Forum, IdeaCard, IdeaTheme, Participant, ReviewComment,
                          ReviewLink, SteeringSignup, Theme, utcnow)
from forum.models.translated import Translated
from forum.participate.answers import AnswerValue
from forum.services import ballots
from forum.services.evaluation_setup import open_evaluation, session_questions, set_rating_open
from forum.services.participation import join, save_response

FORUM_DAY = datetime.date(2026, 11, 1)  # the first of a month: "1er novembre" in French

# text, round (index), group key (None: untagged), table (number), theme, the analysis' suggestion for an untagged
# card ("not sure": None)
CARDS = (
    ("Mentorat <b>jumelé</b> pour les nouveaux arrivants 🎉", 0, "employers", 1, "mentorat", None),
    ("Mentorat jumelé pour les nouveaux arrivants", 0, "employers", 2, "mentorat", None),
    ("Reconnaissance des diplômes trop lente <script>alert(1)</script>", 1, "itps", 3, "diplomes", None),
    ("Stages rémunérés & expérience canadienne", 0, "service_providers", 1, "stages", None),
    ("Reconnaissance des titres étrangers coûteuse", 1, "itps", 2, "diplomes", None),
    ("Programmes passerelles au collège", 1, None, 1, "stages", "colleges"),
    ("Cours du soir pour adultes au collège", 0, None, 3, "mentorat", "colleges"),
    ("Il faut travailler ensemble", 1, None, 2, "diplomes", "not sure"),
    ("On verra bien 🤷", 0, None, 3, "stages", "not sure"),
    ("Mentoring helps newcomers find their first job", 1, "employers", 1, "mentorat", None),
)
THEMES = (("mentorat", "Mentorat", "Mentoring"), ("stages", "Stages rémunérés", "Paid internships"),
          ("diplomes", "Reconnaissance des diplômes", "Credential recognition"))


@pytest.fixture(params=["fr,en", "en,fr"])
def audited(app, organizer, make_forum, request):
    """The forum above, French first, then its English variant (English first); returns its id."""
    languages = request.param
    previous = make_forum(organizer, name="Forum emploi 2025", table_count=0, languages=languages)
    forum_id = make_forum(organizer, name=Translated("Jobs forum 2026", "Forum emploi 2026"), table_count=3,
                          languages=languages, date=FORUM_DAY, venue="Montréal")
    following = make_forum(organizer, name="Forum emploi 2027", table_count=0, languages=languages)
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.rounds = forum.rounds[:3]  # best practices, challenges, collaboration ideas
        forum.groups = [g for g in forum.groups if g.key in ("employers", "service_providers", "itps", "colleges",
                                                             "government")]
        db.session.commit()
        rounds, tables = forum.rounds, forum.tables
        groups = {g.key: g for g in forum.groups}
        cards = [IdeaCard(forum_id=forum_id, text=text, round_id=rounds[r].id, table_id=tables[t - 1].id,
                          group_id=groups[g].id if g else None, source="capture", starred=n == 0)
                 for n, (text, r, g, t, _theme, _s) in enumerate(CARDS)]
        db.session.add_all(cards)
        db.session.flush()
        run = AnalysisRun(forum_id=forum_id, status="done", finished_at=utcnow(), seconds=0.1, idea_count=len(cards),
                          results={"near_duplicates": [{"idea_ids": [cards[0].id, cards[1].id], "tables": 2}],
                                   "stakeholder_suggestions": {
                                       str(card.id): {"group": None if s == "not sure" else s, "confidence": 0.5,
                                                      "mentions": [], "alternatives": []}
                                       for card, (*_, s) in zip(cards, CARDS) if s}})
        db.session.add(run)
        db.session.flush()
        themes = {key: Theme(run_id=run.id, forum_id=forum_id, key=key, label=Translated(en, fr), position=n,
                             size=sum(c[4] == key for c in CARDS), terms=[],
                             representative_ids=[card.id for card, c in zip(cards, CARDS) if c[4] == key][:1])
                  for n, (key, fr, en) in enumerate(THEMES)}
        db.session.add_all(themes.values())
        db.session.flush()
        db.session.add_all([IdeaTheme(run_id=run.id, idea_id=card.id, theme_id=themes[c[4]].id,
                                      suggested_group_key=c[5] if c[5] and c[5] != "not sure" else None)
                            for card, c in zip(cards, CARDS)])
        # 2 people on the registration list, who never joined on a phone
        db.session.add_all([Participant(forum_id=forum_id, name=f"Inscrit {n}", registered=True) for n in (1, 2)])
        # the steering committee: two sign-ups standing (Chloé agreed to be named publicly, Awa did not), one
        # withdrawn
        signups = [SteeringSignup(forum_id=forum_id, client_id="s1", name="Awa", email="awa@example.org"),
                   SteeringSignup(forum_id=forum_id, client_id="s2", name="Ben", email="ben@example.org",
                                  withdrawn_at=utcnow()),
                   SteeringSignup(forum_id=forum_id, client_id="s3", name="Chloé", email="chloe@example.org",
                                  named_publicly=True)]
        db.session.add_all(signups)
        db.session.flush()
        owner = {"Lancer un programme de mentorat": signups[2].id, "Trouver des stages rémunérés": signups[0].id,
                 "Publier le guide des diplômes": signups[1].id}
        # review: 2 approved comments (one on a section, one on an idea), a pending one and a rejected one
        link = ReviewLink(forum_id=forum_id, reviewer_group="Conseil des nouveaux arrivants")
        db.session.add(link)
        db.session.flush()
        db.session.add_all([
            ReviewComment(forum_id=forum_id, review_link_id=link.id, client_id="c1", section="priorities",
                          text="Les priorités reflètent bien nos échanges.", status="approved", author_name="Nadia"),
            ReviewComment(forum_id=forum_id, review_link_id=link.id, client_id="c2", idea_id=cards[2].id,
                          text="Il faut aussi parler des ordres professionnels.", status="approved"),
            ReviewComment(forum_id=forum_id, review_link_id=link.id, client_id="c3", text="En attente",
                          status="pending"),
            ReviewComment(forum_id=forum_id, review_link_id=link.id, client_id="c4", text="Refusé",
                          status="rejected")])
        # the action plan: every status, one carried over to the next edition, one carried from the previous one
        earlier = [ActionItem(forum_id=previous, title=Translated(fr=title), status="in_progress")
                   for title in ("Créer un répertoire des mentors", "Tenir un registre des stages")]
        db.session.add_all(earlier)
        db.session.flush()
        from_earlier = {item.title.fr: item.id for item in earlier}
        past, later = FORUM_DAY - datetime.timedelta(days=30), datetime.date(2099, 6, 15)
        items = [ActionItem(forum_id=forum_id, title=Translated(fr=title), status=status, position=n, due_date=due,
                            carried_from_id=from_earlier.get(title), owner_signup_id=owner.get(title))
                 for n, (title, status, due) in enumerate((
                     ("Lancer un programme de mentorat", "not_started", past),
                     ("Trouver des stages rémunérés", "in_progress", later),
                     ("Publier le guide des diplômes", "done", past),
                     ("Organiser un salon de l'emploi", "dropped", later),
                     ("Former un comité des employeurs", "in_progress", later),
                     ("Créer un répertoire des mentors", "done", past),
                     # carried from 2025 and on to 2027, then marked done here: followed up, and done, there only
                     ("Tenir un registre des stages", "done", later)))]
        db.session.add_all(items)
        db.session.flush()
        # a follow-up logged late on the first of December (UTC, the forum's clock): "1er décembre"
        db.session.add(FollowUp(action_item_id=items[1].id, note="Trois employeurs contactés",
                                created_at=datetime.datetime(2026, 12, 1, 23, 30)))
        db.session.add_all([ActionItem(forum_id=following, title=Translated(fr=item.title.fr), status="not_started",
                                       carried_from_id=item.id) for item in (items[4], items[6])])
        db.session.commit()
        theme_ids = {key: theme.id for key, theme in themes.items()}

        # the evaluation: 4 phones answer, 2 more joined and answered nothing
        questions = {q.key: q.id for q in forum.questions}
        open_evaluation(forum_id)
        for n in range(1, 7):
            join(forum_id, f"phone-{n}", "fr")
        for device, answers in (
                ("phone-1", {"rating": AnswerValue(number=5), "annual": AnswerValue(text="yes"),
                             "wants_involvement": AnswerValue(number=1.0, text="yes"),
                             "takeaway": AnswerValue(text="Le mentorat 🎉 & les stages")}),
                ("phone-2", {"rating": AnswerValue(number=4), "annual": AnswerValue(text="more_often"),
                             "wants_involvement": AnswerValue(number=0.0, text="no")}),
                ("phone-3", {"annual": AnswerValue(text="yes")}),  # skipped the rating and the yes/no
                ("phone-4", {"rating": AnswerValue(number=4),
                             "wants_involvement": AnswerValue(number=1.0, text="yes")}),  # skipped the annual one
                ("phone-2", {"rating": AnswerValue(number=3), "annual": AnswerValue(text="more_often"),
                             "wants_involvement": AnswerValue(number=0.0, text="no")})):  # phone-2 edits: 4 → 3
            save_response(forum_id, device, f"{device}-{len(answers)}-{answers.get('rating')}",
                          {questions[key]: value for key, value in answers.items()})
        # session ratings: both rated rounds average 4.50 (a tie); the third opened and nobody rated it (one
        # comment: not a rated session); phone-5 rated a session and never the forum
        for round_ in rounds:
            set_rating_open(round_.id, True)
        for round_, ratings in ((rounds[0], (("phone-1", 5), ("phone-2", 4))),
                                (rounds[1], (("phone-4", 4), ("phone-5", 5)))):
            rating = next(q.id for q in session_questions(round_.id) if q.kind == "rating")
            for device, stars in ratings:
                save_response(forum_id, device, f"{device}-s{round_.id}", {rating: AnswerValue(number=stars)},
                              round_id=round_.id)
        # the third session: a comment, and no rating
        comment = next(q.id for q in session_questions(rounds[2].id) if q.kind == "text")
        save_response(forum_id, "phone-3", "phone-3-s3", {comment: AnswerValue(text="Trop court")},
                      round_id=rounds[2].id)
        # the priority vote on the themes: mentoring 2 dots, internships 3, credentials 3 (a tie); phone-4 placed none
        ballot = ballots.create_ballot(forum_id, title=Translated("Priorities", "Priorités"), dots=3, max_per_item=3,
                                       items=[ballots.ItemChoice(label=Translated(en, fr), theme_id=theme_ids[key])
                                              for key, fr, en in THEMES])
        ballots.open_ballot(ballot)
        item = {key: i.id for key, i in zip(theme_ids, db.session.get(ballots.Ballot, ballot).items)}
        for device, placed in (("phone-1", {"mentorat": 2, "stages": 1}), ("phone-2", {"stages": 2, "diplomes": 1}),
                               ("phone-3", {"diplomes": 2}), ("phone-4", {})):
            ballots.cast_dots(ballot, device, f"vote-{device}", {item[key]: n for key, n in placed.items()})
        db.session.commit()
    return forum_id


# ---- the figures, counted by hand from the inputs above ------------------------------------------

IDEAS = len(CARDS)  # 10
TABLES = len({card[3] for card in CARDS})  # 3
ROUNDS_HELD = len({card[1] for card in CARDS})  # 2 of the 3 rounds: "Collaboration ideas" has none
GROUPS_HEARD = len({card[2] for card in CARDS if card[2]})  # 3: employers, service providers, ITPs
UNTAGGED = sum(card[2] is None for card in CARDS)  # 4
SUGGESTED = sum(card[5] not in (None, "not sure") for card in CARDS)  # 2 (Colleges)
NOT_SURE = sum(card[5] == "not sure" for card in CARDS)  # 2
# the forum's evaluation as it stands: phone-1 5, phone-2 3 (edited from 4), phone-3 skipped it, phone-4 4
RATINGS = (5, 3, 4)
RESPONSES = 4
MEAN = sum(RATINGS) / len(RATINGS)  # 4.00
# each question's shares are of those who answered it: the 5 rows (5, 4, 3, 2, 1) of the 3 who rated, 34% for 5
# (the point rounding leaves over goes to the first of equal counts), 33% each for 4 and 3
SATISFIED = 34 + 33  # 5 and 4
ANNUAL_YES = 67  # yes 2 of the 3 who answered (more often 1; phone-4 left it blank)
INVOLVED = 67  # yes 2 of the 3 who answered (no 1; phone-3 left it blank)
# the vote: phone-1 3 dots, phone-2 3, phone-3 2, phone-4 none
VOTERS, DOTS = 3, 2 + 1 + 2 + 1 + 2
# each theme: (ideas, tables, tagged groups, suggested groups not tagged, dots)
BY_THEME = {"mentorat": (4, 3, 1, 1, 2), "stages": (3, 2, 1, 1, 3), "diplomes": (3, 2, 1, 0, 3)}
# the plan: 7 items, 1 dropped (not counted), 2 carried over to the next edition (not done here, whatever their
# status), 2 done; 2 carried over from the previous edition, of which 1 is done here (the other was carried on)
PLAN_DONE, PLAN_COUNTED, CARRIED_ON, CARRIED_FROM, CARRIED_FROM_DONE = 2, 6, 2, 2, 1  # 33%

EXPECTED = {
    "fr": {
        "summary": [
            "Le 1er novembre 2026, le forum « Forum emploi 2026 » a réuni 6 participants à 3 tables pour 2 tours de "
            "discussion. Les animateurs ont noté 10 idées de 3 groupes d'intervenants.",
            # the themes of equal size in the themes' order (that of the chart and of the priorities)
            "Les idées se regroupent en 3 thèmes ; les plus importants sont « Mentorat », « Stages rémunérés » et "
            "« Reconnaissance des diplômes ».",
            "4 participants ont évalué le forum : la note moyenne est de 4,00 sur 5, 67 % l'ont jugé excellent ou "
            "très bien, 67 % souhaitent qu'il ait lieu chaque année et 67 % veulent aider à mettre en œuvre ses "
            "résultats."],
        "figures": ["6 participants", "10 idées notées", "3 tables", "2 tours de discussion",
                    "3 groupes d'intervenants entendus", "3 thèmes", "3 votants au vote des priorités",
                    "8 points attribués"],
        "notes": [
            "Participants : le plus grand des trois nombres suivants : 2 inscrits, 6 se sont joints sur un téléphone "
            "et 4 ont rempli l'évaluation.",
            "Aucune idée n'a été notée pendant le tour « Idées de collaboration ».",
            "Les chiffres et les graphiques comptent les groupes d'intervenants notés par les animateurs ; 4 idées "
            "n'en avaient aucun. L'analyse a suggéré un groupe pour 2 d'entre elles, avec la mention « suggéré par "
            "l'analyse » dans les listes d'idées, et n'était pas sûre du groupe de 2 idées."],
        "why": [
            "soulevée à 3 des 3 tables par 2 groupes d'intervenants (dont 1 suggéré par l'analyse) ; 4 idées ; "
            "2 points au vote des priorités",
            "soulevée à 2 des 3 tables par 2 groupes d'intervenants (dont 1 suggéré par l'analyse) ; 3 idées ; "
            "3 points au vote des priorités",
            "soulevée à 2 des 3 tables par 1 groupe d'intervenants ; 3 idées ; 3 points au vote des priorités"],
        "priorities": ["Mentorat", "Stages rémunérés", "Reconnaissance des diplômes"],
        "evaluation": ["4 participants ont rempli l'évaluation.", "4 réponses à l'évaluation",
                       "4,00 note moyenne (sur 5)", "67 % l'ont jugé excellent ou très bien",
                       "67 % le souhaitent chaque année", "67 % veulent aider à mettre en œuvre les résultats",
                       "Les pourcentages portent sur les personnes qui ont répondu à chaque question",
                       "Réponses : 3 sur 4 répondants."],
        "rows": ["Excellent (5) 1 34 %", "Très bien (4) 1 33 %", "Bien (3) 1 33 %", "Passable (2) 0 0 %",
                 "Faible (1) 0 0 %", "Oui, chaque année 2 67 %", "Plus souvent 1 33 %",
                 "Peut-être 0 0 %", "Non 0 0 %", "Pratiques exemplaires 2 0 4,50", "Défis 2 0 4,50"],
        "plan": ["2 participants se sont portés volontaires.",
                 "Les responsables ne sont nommés que s'ils ont accepté d'être nommés publiquement.",
                 "33 % réalisé : 2 sur 6 actions (les actions abandonnées ne sont pas comptées).",
                 "Parmi les actions non terminées, 2 ont été reportées à la prochaine édition du forum, qui en "
                 "assure le suivi.",
                 "2 de ces actions ont été reportées de l'édition précédente du forum (terminées à ce jour : 1)."],
        "follow_up": ["Dernier suivi (1er décembre 2026) : Trois employeurs contactés"],
        "statuses": ["Pas commencée", "En cours", "Terminée", "Abandonnée", "Reportée à la prochaine édition"],
        # a document read later: the overdue item says since when, the report says once on which day it was overdue
        "due": ["En retard depuis le 2 octobre 2026", "15 juin 2099"],
        "as_of": "1 action était en retard au {date}, date de ce rapport.",
        "next_steps": ["Lancer un programme de mentorat — Chloé — En retard depuis le 2 octobre 2026",
                       "Trouver des stages rémunérés — 15 juin 2099"],
        "absent": ["Idées de collaboration 1", "Sans réponse", "Gouvernement", "En attente", "Refusé", "Awa", "Ben", "— en retard",
                   "jours de retard"],
        "titles": ["Rapport provisoire — version non définitive", "Rapport post-forum — 1er novembre 2026 · Montréal"],
    },
    "en": {
        "summary": [
            "On 1 November 2026, the forum “Jobs forum 2026” brought together 6 participants at 3 tables for 2 "
            "rounds of discussion. Facilitators wrote down 10 ideas from 3 stakeholder groups.",
            "The ideas fall into 3 themes; the largest are “Mentoring”, “Paid internships” and “Credential "
            "recognition”.",
            "4 participants evaluated the forum: the average rating was 4.00 out of 5, 67% rated it excellent or "
            "very good, 67% want it to be held every year and 67% want to help implement its outcomes."],
        "figures": ["6 participants", "10 ideas written down", "3 tables", "2 rounds of discussion",
                    "3 stakeholder groups heard", "3 themes", "3 voters in the priority vote", "8 dots placed"],
        "notes": [
            "Participants: the largest of 2 registered, 6 joined on a phone and 4 filled in the evaluation.",
            "No idea was written down in the round “Collaboration ideas”.",
            "Figures and charts count the stakeholder groups facilitators tagged; 4 ideas had no tag. The analysis "
            "suggested a group for 2 of them, marked “suggested by the analysis” where ideas are listed, and was "
            "not sure of the group of 2 ideas."],
        "why": [
            "raised at 3 of 3 tables by 2 stakeholder groups (1 suggested by the analysis); 4 ideas; 2 dots in the "
            "priority vote",
            "raised at 2 of 3 tables by 2 stakeholder groups (1 suggested by the analysis); 3 ideas; 3 dots in the "
            "priority vote",
            "raised at 2 of 3 tables by 1 stakeholder group; 3 ideas; 3 dots in the priority vote"],
        "priorities": ["Mentoring", "Paid internships", "Credential recognition"],
        "evaluation": ["4 participants filled in the evaluation.", "4 evaluation responses",
                       "4.00 average rating (out of 5)", "67% rated it excellent or very good",
                       "67% want it every year", "67% want to help implement the outcomes",
                       "Percentages are over those who answered each question", "Answered by 3 of 4 respondents."],
        "rows": ["Excellent (5) 1 34%", "Very good (4) 1 33%", "Good (3) 1 33%", "Fair (2) 0 0%", "Poor (1) 0 0%",
                 "Yes, every year 2 67%", "More often 1 33%", "Maybe 0 0%", "No 0 0%",
                 "Best practices 2 0 4.50", "Challenges 2 0 4.50"],
        "plan": ["2 participants signed up to help.", "Owners are named only if they agreed to be named publicly.",
                 "33% done: 2 of 6 action items (dropped items are not counted).",
                 "Of the items not done, 2 were carried over to the forum's next edition, which follows them up.",
                 "2 of these items were carried over from the forum's previous edition (1 done so far)."],
        "follow_up": ["Latest follow-up (1 December 2026): Trois employeurs contactés"],
        "statuses": ["Not started", "In progress", "Done", "Dropped", "Carried over to the next edition"],
        "due": ["Overdue since 2 October 2026", "15 June 2099"],
        "as_of": "1 item was overdue as of {date}, the date of this report.",
        "next_steps": ["Lancer un programme de mentorat — Chloé — Overdue since 2 October 2026",
                       "Trouver des stages rémunérés — 15 June 2099"],
        "absent": ["Collaboration ideas 1", "No answer", "Government", "En attente", "Refusé", "Awa", "Ben", "— overdue",
                   "days late"],
        "titles": ["Draft report — not yet final", "Post-forum report — 1 November 2026 · Montréal"],
    },
}


def test_the_hand_counts_are_those_the_expected_texts_say():
    """The expected sentences below are written from these counts (a slip in one would show here)."""
    assert (IDEAS, TABLES, ROUNDS_HELD, GROUPS_HEARD, UNTAGGED, SUGGESTED, NOT_SURE) == (10, 3, 2, 3, 4, 2, 2)
    assert (RESPONSES, f"{MEAN:.2f}", SATISFIED, ANNUAL_YES, INVOLVED, VOTERS, DOTS) == (4, "4.00", 67, 67, 67, 3, 8)
    assert round(100 * PLAN_DONE / PLAN_COUNTED) == 33
    assert (CARRIED_ON, CARRIED_FROM, CARRIED_FROM_DONE) == (2, 2, 1)
    for key, (ideas, tables, tagged, suggested, _dots) in BY_THEME.items():
        members = [card for card in CARDS if card[4] == key]
        assert (len(members), len({c[3] for c in members}), len({c[2] for c in members if c[2]}),
                len({c[5] for c in members if c[5] not in (None, "not sure")})) == (ideas, tables, tagged, suggested)


# ---- reading each format -----------------------------------------------------------------------

def _plain(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def formats(client, forum_id: int, lang: str) -> dict[str, str]:
    """Each format's text on one line (PDF lines wrap anywhere), spaces made plain: HTML as a browser shows it,
    the Word file's paragraphs and table rows, the PDFs through pdftotext, the Markdown without its marks."""
    from bs4 import BeautifulSoup
    from docx import Document as Docx

    def get(fmt: str) -> bytes:
        response = client.get(f"/forums/{forum_id}/report/download/{fmt}?report_lang={lang}")
        assert response.status_code == 200, fmt
        return response.data

    def pdf_text(data: bytes) -> str:
        return subprocess.run(["pdftotext", "-raw", "-", "-"], input=data, capture_output=True,
                              check=True).stdout.decode()

    html = BeautifulSoup(get("html"), "html.parser")
    for tag in html(["script", "style", "nav"]):
        tag.decompose()
    document = Docx(io.BytesIO(get("docx")))
    word = [p.text for p in document.sections[0].header.paragraphs + document.paragraphs] + [
        " ".join(cell.text for cell in row.cells) for table in document.tables for row in table.rows]
    markdown = re.sub(r"\\(.)", r"\1", get("md").decode())  # Markdown's escapes
    markdown = re.sub(r"[*|]|^#+ |^- |^> ", " ", markdown.replace("<br>", " "), flags=re.M)
    return {"html": _plain(html.get_text(" ")), "docx": _plain("\n".join(word)), "pdf": _plain(pdf_text(get("pdf"))),
            "md": _plain(markdown), "brief": _plain(pdf_text(get("brief")))}


def report_date_sentence(app, forum_id: int, lang: str) -> str:
    """The report's one sentence on the day its overdue item was overdue: the report's date, the forum's today."""
    from analysis.report.wording import wording
    from forum import dates

    with app.app_context():
        day = wording(lang).date(dates.today(db.session.get(Forum, forum_id)))
    return _plain(EXPECTED[lang]["as_of"].format(date=day))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_format_of_the_report_gives_the_hand_counted_figures(client, app, audited, lang):
    expected = EXPECTED[lang]
    texts = formats(client, audited, lang)
    as_of = report_date_sentence(app, audited, lang)
    for fmt in ("html", "docx", "pdf", "md"):
        text = texts[fmt]
        # the PDF's narrow status column breaks its words ("commen-cée"): the statuses are read in the others
        parts = ("titles", "summary", "figures", "notes", "evaluation", "rows", "plan") + (
            ("statuses", "follow_up", "due") if fmt != "pdf" else ())
        assert text.count(as_of) == 1, (lang, fmt, as_of)  # stated once, under the plan
        for part in parts:
            for figure in expected[part]:
                assert _plain(figure) in text, (lang, fmt, part, figure)
        # the priorities in their order, each with its reasons (the last two tie on dots and on ideas)
        said = [text.index(f"{rank}. {_plain(label)}") for rank, label in enumerate(expected["priorities"], 1)]
        assert said == sorted(said), (lang, fmt)
        why = [text.index(_plain(reasons)) for reasons in expected["why"]]
        assert why == sorted(why) and said[0] < why[0] < said[1] < why[1] < said[2] < why[2], (lang, fmt)
        for absent in expected["absent"]:
            assert _plain(absent) not in text, (lang, fmt, absent)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_brief_gives_the_reports_figures_and_only_this_forums_next_steps(client, app, audited, lang):
    """The one-page brief: the same figures and reasons as the report; its next steps are the open items of this
    forum's plan, not those the next edition carried over (the report's plan says they were), an overdue one
    flagged as the report's plan flags it."""
    expected = EXPECTED[lang]
    brief = formats(client, audited, lang)["brief"]
    figures = [figure.split(" ", 1) for figure in expected["figures"]]
    for number, label in figures:
        assert number in brief and label in brief, (lang, number, label)
    assert _plain(expected["notes"][0]) in brief, lang
    for line in expected["evaluation"][3:6]:
        assert all(part in brief for part in _plain(line).split(" ", 1)), (lang, line)
    # without the report's count of responses, the average says what it rests on: 3 of the 4 rated the forum
    assert {"fr": "4,00 note moyenne (sur 5, donnée dans 3 des 4 réponses)",
            "en": "4.00 average rating (out of 5, given in 3 of 4 responses)"}[lang] in brief, lang
    said = [brief.index(f"{_plain(label)} — {_plain(why)}") for label, why in zip(expected["priorities"],
                                                                                 expected["why"])]
    assert said == sorted(said), lang
    assert {"fr": "Synthèse du forum — 1er novembre 2026 · Montréal",
            "en": "Forum brief — 1 November 2026 · Montréal"}[lang] in brief, lang
    steps = brief[brief.index({"fr": "Prochaines étapes", "en": "Next steps"}[lang]):]
    assert "Awa" not in steps, lang  # an owner who did not agree to be named publicly
    assert [_plain(step) in steps for step in expected["next_steps"]] == [True, True], lang
    assert steps.count(report_date_sentence(app, audited, lang)) == 1, lang
    for carried in ("Former un comité des employeurs", "Tenir un registre des stages"):  # carried to the next edition
        assert carried not in steps, lang


@pytest.mark.parametrize("lang, report_line, page_line", [
    ("en", "58% done: 23 of 40 action items (dropped items are not counted).", "58% done (23 of 40)"),
    ("fr", "58 % réalisé : 23 sur 40 actions (les actions abandonnées ne sont pas comptées).",
     "58 % réalisé (23 sur 40)"),
])
def test_the_reports_share_of_the_plan_done_is_the_progress_pages(app, client, forum_id, lang, report_line,
                                                                   page_line):
    """23 of 40 items done is 57.5%: the progress page (and the series page) round it to 58%, half to even; the report
    said 57% (the float 0.575 times 100 is 57.4999…)."""
    from forum.services.progress import progress_token
    from tests.html import parse, text_of

    with app.app_context():
        db.session.add_all([ActionItem(forum_id=forum_id, title=Translated(f"Item {n}"), position=n,
                                       status="done" if n < 23 else "in_progress") for n in range(40)])
        forum = db.session.get(Forum, forum_id)
        forum.progress_shared, forum.progress_link_version = True, 1
        db.session.commit()
        token = progress_token(forum)
    for fmt in ("md", "html"):
        report = client.get(f"/forums/{forum_id}/report/download/{fmt}?report_lang={lang}").get_data(as_text=True)
        assert _plain(report_line) in _plain(re.sub(r"<[^>]+>|\*\*", "", report)), (lang, fmt)
    page = parse(client.get(f"/progress/{token}?lang={lang}"))
    assert _plain(text_of(page.select_one("main .progress-line span"))) == _plain(page_line), lang


def test_the_charts_draw_the_hand_counted_figures(app, audited):
    """The charts are pictures in every format (the same drawing from the same figures): their figures, by hand.
    Ideas per group and round count the tags (the 4 untagged ideas as "No stakeholder group recorded", no bar for
    the round without ideas, none for Government or Colleges, which no facilitator tagged); the heatmap the tagged
    ideas only."""
    from analysis.report.build import build_report
    from forum.services.reports import report_input

    with app.app_context():
        document = build_report(report_input(db.session.get(Forum, audited), "en"), "en")
    charts = {block.key: block.args for _level, section in document.walk() for block in section.blocks
              if type(block).__name__ == "Chart"}
    groups, rounds, counts = charts["groups"][:3]
    assert groups == ["Employers", "Service providers", "Internationally trained professionals",
                      "No stakeholder group recorded"]
    assert rounds == ["Best practices", "Challenges"]
    assert counts == [[2, 1], [1, 0], [0, 2], [2, 2]]
    assert charts["themes"][:2] == (["Mentoring", "Paid internships", "Credential recognition"], [4, 3, 3])
    assert charts["heatmap"][1:3] == (["Employers", "Service providers", "Internationally trained professionals"],
                                      [[3, 0, 0], [0, 1, 0], [0, 0, 2]])
    assert charts["ratings"][1] == [0, 0, 1, 1, 1]  # Poor to Excellent: 3, 4 and 5 once each, one skipped
