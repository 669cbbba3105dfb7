"""The database: engines for SQLite and PostgreSQL, their settings, and sessions."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    Engine,
    create_engine,
    event,
    text,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import (
    Session,
    sessionmaker,
)

SQLITE_BUSY_TIMEOUT_MS = 5000


def normalize_database_url(url: str) -> str:
    """Accept ``postgres://`` and driverless ``postgresql://`` URLs; the driver is psycopg 3 (the postgres extra)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite connections get WAL mode (synchronous=NORMAL; FULL for submissions), a busy
    timeout and foreign keys."""
    engine = create_engine(normalize_database_url(url), **kwargs)
    if engine.dialect.name == "sqlite":
        _create_private_file(engine.url.database)
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "checkin", _restore_sqlite_synchronous)
    return engine


def _create_private_file(database: str | None) -> None:
    """Create a new SQLite database file readable by its owner only (0600) before SQLite creates it with 0644.

    SQLite gives its ``-wal`` and ``-shm`` files the database file's
    permissions, so students' names and answers stay private on a shared
    machine whatever the process's umask.
    """
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    try:
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except OSError:
        pass  # a folder that does not exist or cannot be written: SQLite reports it when it connects


_SQLITE_SYNCHRONOUS_DEFAULT = "PRAGMA synchronous=NORMAL"
# Effective only outside a transaction: a submission sets it before its first write.
SQLITE_DURABLE_COMMIT = text("PRAGMA synchronous=FULL")


def _restore_sqlite_synchronous(dbapi_connection, _record) -> None:
    """A connection goes back to the pool with the default durability, whatever its last transaction asked for."""
    if dbapi_connection is None:
        return
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(_SQLITE_SYNCHRONOUS_DEFAULT)
    finally:
        cursor.close()


def _configure_sqlite(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    try:
        _switch_to_wal(cursor)
        # In WAL mode NORMAL never corrupts the database and loses nothing when the server process dies; only a
        # power cut or OS crash can undo the last commits.  FULL waits for the disk on every commit (~3 ms here),
        # more than all the rest of an autosave: a submission asks for FULL (see _record_submission), the many
        # drafts and other writes do not.
        cursor.execute(_SQLITE_SYNCHRONOUS_DEFAULT)
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _switch_to_wal(cursor) -> None:
    """Put the database in WAL mode, waiting while another process does the same.

    Several workers starting on a new database all switch it at once.  The
    switch needs an exclusive lock, and SQLite refuses one of two such
    requests at once rather than wait (waiting could deadlock), whatever
    the busy timeout: without a retry a worker would fail to start.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if not _driver_error_is_busy(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


# SQLite's "database is locked" and "database table is locked" (extended codes keep these in the low byte).
SQLITE_BUSY_CODES = frozenset({5, 6})
SQLITE_BUSY_MESSAGES = ("database is locked", "database table is locked")
# PostgreSQL: lock_not_available (lock_timeout, NOWAIT), serialization_failure, deadlock_detected.
POSTGRES_BUSY_STATES = frozenset({"55P03", "40001", "40P01"})


def is_lock_timeout(error: DBAPIError) -> bool:
    """Whether the database gave up waiting for another transaction's lock: the same request may succeed later.

    Anything else (a missing table or column, a lost connection, a full
    disk) is a fault to report, not a reason to ask the user to try again.
    """
    return _driver_error_is_busy(error.orig)


def _driver_error_is_busy(original: BaseException | None) -> bool:
    """:func:`is_lock_timeout` for the database driver's own exception."""
    sqlstate = getattr(original, "sqlstate", None)
    if sqlstate is not None:
        return sqlstate in POSTGRES_BUSY_STATES
    code = getattr(original, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in SQLITE_BUSY_CODES
    return str(original).startswith(SQLITE_BUSY_MESSAGES)


class Database:
    """An engine and its session factory."""

    def __init__(self, url: str, **engine_options: Any):
        self.engine = make_engine(url, **engine_options)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    def upgrade_schema(self) -> str:
        """Bring the tables to the newest revision (safe from several processes at once); returns it.

        See :func:`quizgen.migrations.upgrade_database`.  When the upgrade fails (a database
        from a newer quizgen, a lost connection) the pooled connections are closed: a caller
        that stops there, as the web app does, leaves none open.
        """
        from ..migrations import upgrade_database  # the migrations' env.py imports this package

        try:
            return upgrade_database(self.engine)
        except Exception:
            self.engine.dispose()
            raise

    def session(self) -> Session:
        """A new session; the caller closes it."""
        return self.sessions()


@contextmanager
def writing(session: Session) -> Iterator[Session]:
    """The block's changes committed together, or rolled back (and the error raised) if any statement fails."""
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
