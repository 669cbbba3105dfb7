"""The database as the web app sees it: one session per request, and the ``init-db`` command.

The app upgrades its database to the newest schema revision when it starts
(see :mod:`quizgen.migrations`: several workers starting at once take turns
under a lock), and ``flask --app app init-db`` does the same on demand;
``scripts/serve`` runs it before starting gunicorn.  A database at a
revision this quizgen does not know stops the start with a message saying so.
"""

from __future__ import annotations

import click
from flask import Flask, current_app, g
from flask.cli import with_appcontext
from sqlalchemy.orm import Session

from ..migrations import SchemaError
from ..storage import Database

EXTENSION_KEY = "quizgen.database"


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
    # No pooled connection may survive into forked gunicorn workers.
    database.engine.dispose()
    app.extensions[EXTENSION_KEY] = database
    app.teardown_appcontext(close_session)
    app.cli.add_command(init_db_command)
    return database


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
