"""The WSGI entry point: ``gunicorn wsgi:app``. The only place an app is built at import."""
import click

from forum import create_app
from forum.operations.schema import report_at_start


def served() -> bool:
    """Whether this import is to serve the app: by gunicorn (or any WSGI server) or ``flask run``, not for another
    ``flask --app wsgi …`` command (``flask db upgrade`` is how the operator fixes what the start line reports)."""
    command = click.get_current_context(silent=True)
    return command is None or command.command.name == "run"


app = create_app()
if served():
    report_at_start(app)  # a database at another version's schema is named in the log before the first request
