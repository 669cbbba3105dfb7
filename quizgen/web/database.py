"""The database as the web app sees it: one session per request, and the ``init-db`` command.

The app upgrades its database to the newest schema revision when it starts
(see :mod:`quizgen.migrations`: several workers starting at once take turns
under a lock), and ``flask --app app init-db`` does the same on demand;
``scripts/serve`` runs it before starting gunicorn.  A database at a
revision this quizgen does not know stops the start with a message saying so.

Attempts never submitted are deleted once older than
``QUIZGEN_PURGE_UNSUBMITTED_HOURS`` (with throttling counts whose window is
over): when the app starts, at most once an hour per process while students
start quizzes (starts are what add such rows, so the table stays bounded
however long the server runs), and on demand with ``flask purge-attempts``
(for a cron job or systemd timer).
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

import click
from flask import Flask, current_app, g, request
from flask.cli import with_appcontext
from sqlalchemy.orm import Session

from ..migrations import SchemaError
from ..storage import Database, Purged, purge_stale_rows

EXTENSION_KEY = "quizgen.database"
PURGE_EVERY_SECONDS = 3600
# Throttling counts live at most this long (the longest window in quizgen.web.limits is 15 minutes).
COUNTS_KEPT = timedelta(hours=1)
_LAST_PURGE_KEY = "quizgen.last_purge"

log = logging.getLogger(__name__)


def init_app(app: Flask) -> Database:
    """Connect the app to ``DATABASE_URL``, upgrade its schema, register teardown and ``init-db``."""
    try:
        database = Database(app.config["DATABASE_URL"])
    except ModuleNotFoundError as missing:
        # SQLAlchemy imports a URL's driver on first use; PostgreSQL's comes with the optional postgres extra.
        hint = (
            (
                ": install the postgres extra, pip install -e '.[postgres]' (scripts/bootstrap does when "
                "DATABASE_URL is a PostgreSQL URL)"
            )
            if (missing.name or "").startswith("psycopg")
            else ""
        )
        raise RuntimeError(
            f"DATABASE_URL needs the database driver {missing.name}, which is not installed{hint}"
        ) from missing
    database.upgrade_schema()
    app.extensions[EXTENSION_KEY] = database
    purge(app)
    # No pooled connection may survive into forked gunicorn workers.
    database.engine.dispose()
    app.before_request(purge_now_and_then)
    app.teardown_appcontext(close_session)
    app.cli.add_command(init_db_command)
    app.cli.add_command(purge_attempts_command)
    return database


def purge(app: Flask) -> Purged:
    """Delete unsubmitted attempts older than the app's setting, and throttling counts that are over."""
    app.extensions[_LAST_PURGE_KEY] = time.monotonic()
    with app.extensions[EXTENSION_KEY].session() as session:
        purged = purge_stale_rows(
            session, timedelta(hours=app.config["PURGE_UNSUBMITTED_HOURS"]), counts_older_than=COUNTS_KEPT
        )
    if purged.attempts:
        log.info("deleted %d attempts never submitted", purged.attempts)
    return purged


def purge_now_and_then() -> None:
    """Purge when a quiz starts and the last purge in this process is an hour old."""
    if request.endpoint != "students.start" or request.method != "POST":
        return
    last = current_app.extensions.get(_LAST_PURGE_KEY, 0.0)
    if time.monotonic() - last >= PURGE_EVERY_SECONDS:
        purge(current_app._get_current_object())  # type: ignore[attr-defined]


def database() -> Database:
    """The current app's database."""
    return current_app.extensions[EXTENSION_KEY]


def db_session() -> Session:
    """The session of the current request, opened on first use and closed at teardown."""
    if "db_session" not in g:
        g.db_session = database().session()
    return g.db_session


def close_session(_error: BaseException | None = None) -> None:
    """Close the request's session; whatever was not committed is rolled back."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the tables, or upgrade them to the newest schema revision (existing data is kept)."""
    try:
        revision = database().upgrade_schema()
    except SchemaError as error:
        raise click.ClickException(str(error)) from None
    url = database().engine.url.render_as_string(hide_password=True)
    click.echo(f"Database ready at schema revision {revision}: {url}")


@click.command("purge-attempts")
@with_appcontext
def purge_attempts_command() -> None:
    """Delete attempts never submitted that are older than QUIZGEN_PURGE_UNSUBMITTED_HOURS (submitted ones stay)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    purged = purge(app)
    hours = app.config["PURGE_UNSUBMITTED_HOURS"]
    click.echo(f"Deleted {purged.attempts} unsubmitted attempts older than {hours} hours.")
