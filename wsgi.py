"""The WSGI entry point: ``gunicorn wsgi:app``. The only place an app is built at import."""
from forum import create_app
from forum.operations.schema import report_at_start

app = create_app()
report_at_start(app)  # a database at another version's schema is named in the log before the first request
