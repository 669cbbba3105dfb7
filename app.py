"""Entry point for `flask --app app run` and `gunicorn app:app`.

A bad setting, or a database this release cannot use, prints a one-line
message and stops the server, rather than a traceback from every gunicorn worker.
"""

import sys

from quizgen.migrations import SchemaError
from quizgen.settings import SettingsError
from quizgen.web import create_app, prepare_to_serve

# gunicorn stops, instead of starting the worker again, when a worker exits with this code.
GUNICORN_APP_LOAD_ERROR = 4

try:
    app = create_app()
except SettingsError as error:
    print(f"quizgen: {error}", file=sys.stderr)
    raise SystemExit(GUNICORN_APP_LOAD_ERROR) from None
except SchemaError as error:
    print(f"quizgen cannot start: {error}", file=sys.stderr)
    raise SystemExit(GUNICORN_APP_LOAD_ERROR) from None
prepare_to_serve(app)
