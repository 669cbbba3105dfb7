"""Entry point for `flask --app app run` and `gunicorn app:app`."""

from quizgen.web import create_app

app = create_app()
