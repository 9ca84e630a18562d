"""The demo forum: the real sample forum (Toronto, November 2019) under a demo organizer."""
from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

from sqlalchemy import select

from forum.database import writing
from forum.dates import stored
from forum.dates import today as forum_today
from forum.extensions import db
from forum.models import ActionItem, FollowUp, Forum, Membership, Series, SteeringSignup, Translated, User
from forum.services.accounts import account_of
from forum.services.action_plan import record_change
from forum.services.analysis_runs import latest_run, run_analysis
from forum.services.committee import LINK_DAYS
from forum.services.forums import create_forum
from forum.services.importing import apply_import, plan_evaluation_import, plan_idea_import

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"
DEMO_EMAIL = "demo@example.org"
DEMO_PASSWORD = "demo-organizer"
DEMO_TABLES = 6  # empty tables to try live capture on: the sample's cards record no table
DEMO_NAME = Translated("Hire-Retain-Advance Internationally Trained Professionals",
                       "Recruter, retenir et faire progresser les professionnels formés à l'étranger")
DEMO_DESCRIPTION = Translated(
    "Sample forum reconstructed from its public report: 43 attendees, three rounds of roundtable discussion.",
    "Forum exemple reconstitué à partir de son rapport public\u00a0: 43 participants, trois tours de discussion "
    "en tables rondes.")
# named after the demo forum (DEMO_NAME) in each language
DEMO_SERIES = ("Hire-Retain-Advance forum (demo series)",
               "Forum Recruter-Retenir-Faire progresser (série de démonstration)")
DEMO_SERIES_FR_BEFORE = "Forum Embaucher-Retenir-Faire progresser (série de démonstration)"  # not the forum's words
# true whether or not an organizer trying the demo started its next edition: the sample data holds one real forum
DEMO_SERIES_DESCRIPTION = ("The demo forum, reconstructed from its public report, is this series' first edition. An "
                           "edition started from it joins the series, and this page compares them year over year.",
                           "Le forum de démonstration, reconstitué à partir de son rapport public, est la première "
                           "édition de cette série. Une édition lancée à partir de lui s'ajoute à la série, et cette "
                           "page les compare d'une année à l'autre.")


def _demo_account(email: str, name: str, password: str) -> User:
    """Inside a write: the demo account of ``email``, made (with ``name`` and ``password``) and flushed unless it
    exists."""
    user = account_of(email)
    if user is None:
        user = User(email=email, name=name)
        user.set_password(password)
        db.session.add(user)
        db.session.flush()
    return user


def load_demo() -> tuple[Forum, bool]:
    """Create the demo organizer and forum unless they exist, analysed (Priorities, Themes and the
    report have something to show from the start); returns (forum, created)."""
    with writing():
        user = _demo_account(DEMO_EMAIL, "Demo organizer", DEMO_PASSWORD)
        forum = db.session.scalar(select(Forum).where(Forum.owner == user, Forum.is_demo.is_(True)))
        created = forum is None
        if created:
            forum = create_forum(
                user, name=DEMO_NAME, date=date(2019, 11, 8), venue="Toronto", description=DEMO_DESCRIPTION,
                languages="en,fr", table_count=DEMO_TABLES, is_demo=True,
            )
        elif not forum.name.fr:  # a demo loaded before its texts had French
            forum.name, forum.description = DEMO_NAME, DEMO_DESCRIPTION
    # Imports are idempotent (external ids), so running this again fills in anything missing.
    for plan in (plan_idea_import(forum, (DEMO_DIR / "ideas.csv").read_bytes()),
                 plan_evaluation_import(forum, (DEMO_DIR / "evaluations.csv").read_bytes())):
        if plan.problems:
            raise RuntimeError(f"demo data has problems: {plan.problems[:3]}")
        apply_import(forum, plan)
    if latest_run(forum) is None:
        run = run_analysis(forum)
        if run.status != "done":
            raise RuntimeError(f"the demo forum's analysis failed: {run.error}")
    return forum, created


# The demo steering committee: (client id, name, organization, email, owns actions, named on the progress page).
DEMO_COMMITTEE = (  # (client id, name, organization, email, owns items, named publicly, language)
    ("demo-steering-1", "Amina Haddad", "ACCES Employment", "amina.haddad@example.org", True, True, "en"),
    ("demo-steering-2", "Daniel Osei", "TRIEC Mentoring Partnership", "daniel.osei@example.org", True, False, "en"),
    ("demo-steering-3", "Lucía Romero", "Seneca College", "lucia.romero@example.org", False, False, "fr"),
)
# The drafted plan: (title, priority, owner's client id, due in days from today, status, follow-ups as
# (days ago, note, author's client id)). One item is overdue, so reminders have something to say.
DEMO_ACTIONS = (
    (Translated("Run an unconscious-bias workshop for hiring managers",
                "Animer un atelier sur les préjugés inconscients pour les gestionnaires d'embauche"),
     Translated("Employer awareness and bias", "Sensibilisation des employeurs et préjugés"), "demo-steering-1", 45,
     "in_progress", ((20, "Three employers agreed to host the first workshop.", "demo-steering-1"),)),
    (Translated("Launch a mentoring circle for ITPs in finance",
                "Lancer un cercle de mentorat pour les PFE en finance"),
     Translated("Mentoring and networking", "Mentorat et réseautage"), "demo-steering-2", -10,
     "in_progress", ((35, "Recruited eight mentors from two banks.", "demo-steering-2"),
                     (12, "Waiting for the venue; the first circle slips by a month.", "demo-steering-2"))),
    (Translated("Pilot paid six-week placements with five employers",
                "Mettre à l'essai des stages rémunérés de six semaines chez cinq employeurs"),
     Translated("Work experience placements", "Stages d'expérience de travail"), "demo-steering-1", 90,
     "not_started", ()),
    (Translated("Publish a shared list of employers hiring ITPs",
                "Publier une liste commune des employeurs qui embauchent des PFE"),
     Translated("Recruitment and matching", "Recrutement et jumelage"), "demo-steering-2", 60, "done",
     ((5, "The list is online with 40 employers.", "demo-steering-2"),)),
)


def load_demo_action_plan(forum: Forum, today: date | None = None) -> None:
    """The demo forum's steering committee and drafted action plan (owners who consented, due dates,
    one item overdue, a few follow-ups), with committee links and the progress page on; ``flask
    load-demo`` adds it to the sample forum. Adds only what is missing, so loading again changes nothing."""
    today = today or forum_today(forum)
    with writing():
        members = {s.client_id: s for s in forum.steering_signups}
        for client_id, name, organization, email, owns, named, language in DEMO_COMMITTEE:
            if client_id not in members:
                members[client_id] = SteeringSignup(
                    forum_id=forum.id, client_id=client_id, name=name, organization=organization, email=email,
                    consents_to_owner_role=owns, named_publicly=named, language=language,
                    committee_link_version=1 if owns else 0,
                    committee_link_expires_on=today + timedelta(days=LINK_DAYS) if owns else None)
                db.session.add(members[client_id])
        db.session.flush()
        items = {item.title.en: item for item in db.session.scalars(
            select(ActionItem).where(ActionItem.forum_id == forum.id))}
        for position, (title, priority, owner, due_in, status, follow_ups) in enumerate(DEMO_ACTIONS, 1):
            if title.en in items:
                if not items[title.en].title.fr:  # loaded before action items had French
                    items[title.en].title, items[title.en].priority_label = title, priority
                continue
            item = ActionItem(forum_id=forum.id, title=title, priority_label=priority,
                              owner_signup_id=members[owner].id, due_date=today + timedelta(days=due_in),
                              status=status, position=position)
            db.session.add(item)
            for days_ago, note, author_id in follow_ups:
                author = members[author_id]
                written = stored(today - timedelta(days=days_ago), time(10), forum)  # 10:00 on the forum's clock
                item.follow_ups.append(FollowUp(note=note, author=author.name, author_signup_id=author.id,
                                                language="en", created_at=written, updated_at=written))
                record_change(item, "follow_up", author, note)
                item.changes[-1].created_at = written
        if forum.progress_link_version == 0:
            forum.progress_link_version, forum.progress_shared = 1, True


DEMO_ANALYST_EMAIL = "analyst@example.org"
DEMO_ANALYST_PASSWORD = "demo-analyst"


def load_demo_analyst(forum: Forum) -> None:
    """A co-organizer of the demo forum with the analyst role, to see what a role changes (safe to run again)."""
    with writing():
        user = _demo_account(DEMO_ANALYST_EMAIL, "Demo analyst", DEMO_ANALYST_PASSWORD)
        if db.session.scalar(select(Membership.id).filter_by(user_id=user.id, forum_id=forum.id)) is None:
            db.session.add(Membership(user_id=user.id, forum_id=forum.id, role="analyst"))


def load_demo_series(forum: Forum) -> None:
    """A series holding the demo forum as its only edition: the sample data has one real forum, so
    no earlier or later edition is made up; "Start the next edition" there shows the rest."""
    with writing():
        if forum.series is None:
            forum.series = Series(owner_id=forum.owner_id, name=Translated(*DEMO_SERIES),
                                  description=Translated(*DEMO_SERIES_DESCRIPTION))
        elif forum.series.name == Translated(DEMO_SERIES[0], DEMO_SERIES_FR_BEFORE):  # loaded before, not renamed since
            forum.series.name = Translated(*DEMO_SERIES)
