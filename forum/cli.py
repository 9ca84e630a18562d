"""``flask`` commands: the demo forum, CSV imports, organizer accounts and the analysis."""
from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from sqlalchemy import select

from forum.auth.forms import PASSWORD_MIN_LENGTH
from forum.extensions import db
from forum.forms import normal_email
from forum.models import Forum, User
from forum.services.refusal import Refused


def _forum(forum_id: int) -> Forum:
    forum = db.session.get(Forum, forum_id)
    if forum is None:
        raise click.ClickException(f"No forum with id {forum_id}.")
    return forum


def _run_import(forum: Forum, plan, accept_valid: bool) -> None:
    from forum.services.importing import apply_import

    for note in plan.notes:
        click.echo(note)
    for problem in plan.problems:
        click.echo(f"row {problem.row}: {problem.message}", err=True)
    click.echo(f"{plan.total_rows} rows: {len(plan.valid)} to import, {len(plan.skipped)} already imported, "
               f"{len(plan.problems)} with problems.")
    if plan.problems and not accept_valid:
        raise click.ClickException("Nothing was imported. Fix the rows above, or pass --accept-valid "
                                   "to import only the valid rows.")
    try:
        created = apply_import(forum, plan)
    except Refused as error:
        raise click.ClickException(str(error.message)) from None
    click.echo(f"Imported {created}.")


def register(app: Flask) -> None:
    from forum.operations.commands import backup_command, restore_command

    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)

    @app.cli.command("load-demo")
    def load_demo_command():
        """Create the demo organizer and the sample forum (safe to run again)."""
        from forum.services.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo

        forum, created = load_demo()
        click.echo(f"{'Created' if created else 'Kept'} the demo forum #{forum.id}: {forum.name}")
        click.echo(f"Demo organizer login: {DEMO_EMAIL} / {DEMO_PASSWORD}")

    def import_command(name: str, planner_name: str, help_text: str):
        @app.cli.command(name, help=help_text)
        @click.argument("forum_id", type=int)
        @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
        @click.option("--accept-valid", is_flag=True, help="Import the valid rows even if some rows have problems.")
        def command(forum_id: int, path: Path, accept_valid: bool):
            from forum.services import importing

            forum = _forum(forum_id)
            try:
                plan = getattr(importing, planner_name)(forum, path.read_bytes(), app.config["IMPORT_MAX_ROWS"])
            except importing.ImportFileError as error:
                raise click.ClickException(str(error)) from None
            _run_import(forum, plan, accept_valid)

    import_command("import-ideas", "plan_idea_import",
                   "Import idea cards from a CSV file (columns: id, round, stakeholder, phase, table, text).")
    import_command("import-evaluations", "plan_evaluation_import",
                   "Import evaluation responses from a CSV file (one column per question key).")

    @app.cli.command("report")
    @click.argument("forum_id", type=int)
    @click.option("--format", "fmt", type=click.Choice(["html", "docx", "pdf", "md", "brief"]), default="pdf",
                  show_default=True, help="brief = the one-page brief as PDF.")
    @click.option("--lang", type=click.Choice(["en", "fr"]), default=None, help="Default: the report's language.")
    @click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
                  help="The file to write (Markdown writes its charts into <name>_charts/ beside it).")
    def report_command(forum_id: int, fmt: str, lang: str | None, output: Path):
        """Generate a forum's post-forum report (or its one-page brief) to a file."""
        from forum.services.reports import render_report, report_draft

        forum = _forum(forum_id)
        lang = lang or report_draft(forum).language
        image_dir = output.with_name(output.stem + "_charts") if fmt == "md" else None
        rendered = render_report(forum, fmt, lang, image_dir=image_dir)
        db.session.commit()
        output.write_bytes(rendered.content)
        click.echo(f"Wrote {output} ({len(rendered.content):,} bytes, {fmt}, {lang}).")

    @app.cli.command("analyse")
    @click.argument("forum_id", type=int)
    @click.option("--top", default=5, show_default=True, help="How many priorities to print.")
    def analyse_command(forum_id: int, top: int):
        """Run the analysis on a forum, store it and print a summary (corrections are kept)."""
        from forum.services.analysis_pages import corrected_theme_ids, priority_explanation
        from forum.services.analysis_runs import AnalysisNotPossible, run_analysis

        forum = _forum(forum_id)
        try:
            run = run_analysis(forum)
        except AnalysisNotPossible as error:
            raise click.ClickException(str(error)) from None
        if run.status == "failed":
            raise click.ClickException(f"The analysis failed (run #{run.id}): {run.error}")
        click.echo(f"Analysed {run.idea_count} cards of forum #{forum.id} in {run.seconds:.2f} s "
                   f"(analysis {run.parameters['analysis_seconds']:.2f} s): {len(run.themes)} themes.")
        corrected = corrected_theme_ids(run)
        for theme in run.themes:
            kept = " (corrected)" if theme.id in corrected else ""
            click.echo(f"  {theme.size:4d}  {theme.label}{kept}")
        priorities = run.results["priorities"][:top]
        if priorities:
            click.echo("Top priorities:")
            for item in priorities:
                click.echo(f"  {item['rank']}. {item['label']} (score {item['score']:.2f}): "
                           f"{priority_explanation(item, forum, 'en')}")
        duplicates = run.results["near_duplicates"]
        click.echo(f"{len(duplicates)} groups of near-duplicate cards; "
                   f"{len(run.results['stakeholder_suggestions'])} untagged cards given a suggested group.")

    @app.cli.command("create-organizer")
    @click.argument("email")
    @click.argument("name")
    @click.password_option()
    def create_organizer_command(email: str, name: str, password: str):
        """Create an organizer account."""
        email, address = email.strip(), normal_email(email)  # the messages show the email as typed
        if len(password) < PASSWORD_MIN_LENGTH:  # the same rule as the sign-up form
            raise click.ClickException(f"The password must have at least {PASSWORD_MIN_LENGTH} characters.")
        if db.session.scalar(select(User).where(User.email == address)):
            raise click.ClickException(f"An account for {email} exists already.")
        user = User(email=address, name=name)
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
        click.echo(f"Created organizer {email}.")
