"""The demo forum: the real sample forum (Toronto, November 2019) under a demo organizer."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from forum.database import writing
from forum.extensions import db
from forum.models import Forum, User
from forum.services.analysis_runs import latest_run, run_analysis
from forum.services.forums import create_forum
from forum.services.importing import apply_import, plan_evaluation_import, plan_idea_import

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"
DEMO_EMAIL = "demo@example.org"
DEMO_PASSWORD = "demo-organizer"
DEMO_TABLES = 6  # empty tables to try live capture on: the sample's cards record no table
DEMO_NAME = "Hire-Retain-Advance Internationally Trained Professionals"


def load_demo() -> tuple[Forum, bool]:
    """Create the demo organizer and forum unless they exist, analysed (Priorities, Themes and the
    report have something to show from the start); returns (forum, created)."""
    with writing():
        user = db.session.scalar(select(User).where(User.email == DEMO_EMAIL))
        if user is None:
            user = User(email=DEMO_EMAIL, name="Demo organizer")
            user.set_password(DEMO_PASSWORD)
            db.session.add(user)
        forum = db.session.scalar(select(Forum).where(Forum.owner == user, Forum.is_demo.is_(True)))
        created = forum is None
        if created:
            forum = create_forum(
                user, name=DEMO_NAME, date=date(2019, 11, 8), venue="Toronto",
                description="Sample forum reconstructed from its public report: 43 attendees, "
                            "three rounds of roundtable discussion.",
                languages="en,fr", table_count=DEMO_TABLES, is_demo=True,
            )
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
