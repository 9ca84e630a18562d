"""``flask backup FILE`` and ``flask restore FILE`` (SQLite; PostgreSQL uses pg_dump: README)."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from forum.services.backups import BackupError, backup, restore


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path):
    """Copy the SQLite database to a new file while the app keeps serving."""
    try:
        size = backup(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up the database to {path} ({size:,} bytes).")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(path: Path, yes: bool):
    """Replace the SQLite database's content by a backup made with `flask backup`."""
    if not yes:
        click.confirm("Everything saved since that backup will be lost. Restore it?", abort=True)
    try:
        size = restore(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored the database from {path} ({size:,} bytes). Run `flask db upgrade` if the backup is "
               "older than this version of the app.")
