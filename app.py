"""Entry point for `flask --app app run` and `gunicorn app:app`."""

import sys

from quizgen.migrations import SchemaError
from quizgen.web import create_app

try:
    app = create_app()
except SchemaError as error:  # a database this release cannot use: say why, without a traceback
    sys.exit(f"quizgen cannot start: {error}")
