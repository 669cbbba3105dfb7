"""Storage on SQLite and on a real PostgreSQL: attempts, submissions, the stale-form rule, races."""

from __future__ import annotations

import multiprocessing
import threading
import time
from datetime import UTC

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import IntegrityError

from quizgen.storage import (
    Attempt,
    Database,
    Response,
    ScoredResponse,
    find_attempt,
    find_attempt_by_start_token,
    normalize_database_url,
    record_submission,
    save_draft,
)

from .conftest import BOTH_DATABASES


@pytest.fixture
def database(database_url):
    database = Database(database_url)
    database.upgrade_schema()
    yield database
    database.engine.dispose()


def new_attempt(database: Database, **overrides) -> Attempt:
    values = {
        "lesson_id": "harbour-festival",
        "lesson_hash": "abc123",
        "variant_code": "0000-003N",
        "seed": 3,
        "options": {"count": None},
        "student_name": "Ana",
        "class_code": None,
        "max_score": 3,
    }
    values.update(overrides)
    with database.session() as session:
        attempt = Attempt(**values)
        session.add(attempt)
        session.commit()
        return attempt


def scored(*points: float) -> list[ScoredResponse]:
    return [
        ScoredResponse(f"item-{n}", n, {"answer": n}, p, 1, "correct" if p == 1 else "wrong")
        for n, p in enumerate(points, start=1)
    ]


def stored(database: Database, public_id: str) -> Attempt:
    with database.session() as session:
        attempt = find_attempt(session, public_id)
        attempt.responses
        return attempt


@BOTH_DATABASES
def test_new_attempt_gets_an_unguessable_id_and_open_state(database):
    first, second = new_attempt(database), new_attempt(database)
    assert first.public_id != second.public_id and len(first.public_id) >= 22
    loaded = stored(database, first.public_id)
    assert loaded.seq == 0 and loaded.submitted_at is None and loaded.score is None
    assert loaded.started_at.tzinfo is not None and loaded.started_at.utcoffset().total_seconds() == 0
    assert loaded.options == {"count": None}


@BOTH_DATABASES
def test_submission_stores_responses_and_score_once(database):
    attempt = new_attempt(database)
    with database.session() as session:
        assert record_submission(session, attempt.id, 0, scored(1, 0, 0.5))
    loaded = stored(database, attempt.public_id)
    assert loaded.is_submitted and loaded.submitted_at.tzinfo == UTC
    assert loaded.score == 1.5 and loaded.seq == 1
    assert [(r.item_id, r.position, r.response, r.points) for r in loaded.responses] == [
        ("item-1", 1, {"answer": 1}, 1),
        ("item-2", 2, {"answer": 2}, 0),
        ("item-3", 3, {"answer": 3}, 0.5),
    ]


@BOTH_DATABASES
def test_stale_or_repeated_submission_writes_nothing(database):
    attempt = new_attempt(database)
    with database.session() as session:
        assert not record_submission(session, attempt.id, 7, scored(1))  # stale sequence number
    assert not stored(database, attempt.public_id).is_submitted
    with database.session() as session:
        assert record_submission(session, attempt.id, 0, scored(0, 0))
    with database.session() as session:
        assert not record_submission(session, attempt.id, 0, scored(1, 1))  # the same form again
        assert not record_submission(session, attempt.id, 1, scored(1, 1))  # even with the new number
    loaded = stored(database, attempt.public_id)
    assert loaded.score == 0 and loaded.seq == 1 and len(loaded.responses) == 2


@BOTH_DATABASES
def test_failed_response_insert_leaves_the_attempt_open(database):
    attempt = new_attempt(database)
    duplicate = scored(1) + scored(1)  # same item id twice violates the unique constraint
    with database.session() as session:
        with pytest.raises(IntegrityError):
            record_submission(session, attempt.id, 0, duplicate)
        session.rollback()
    loaded = stored(database, attempt.public_id)
    assert not loaded.is_submitted and loaded.seq == 0 and loaded.responses == []


@BOTH_DATABASES
def test_concurrent_submissions_of_one_form_store_exactly_one(database):
    attempt = new_attempt(database)
    contenders = 6
    barrier = threading.Barrier(contenders)
    outcomes: list[bool] = []
    errors: list[BaseException] = []

    def submit(points: float) -> None:
        try:
            with database.session() as session:
                barrier.wait()
                outcomes.append(record_submission(session, attempt.id, 0, scored(points, points)))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=submit, args=(n % 2,)) for n in range(contenders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(outcomes) == [False] * (contenders - 1) + [True]
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Response)) == 2
    loaded = stored(database, attempt.public_id)
    assert loaded.seq == 1 and loaded.score in (0, 2)


@BOTH_DATABASES
def test_start_token_is_unique(database):
    new_attempt(database, start_token="t" * 22)
    with database.session() as session:
        assert find_attempt_by_start_token(session, "t" * 22) is not None
        assert find_attempt_by_start_token(session, "u" * 22) is None
    with pytest.raises(IntegrityError):
        new_attempt(database, start_token="t" * 22)


def test_sqlite_connections_use_wal_busy_timeout_and_foreign_keys(database):
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_database_urls_are_normalised_to_psycopg():
    assert normalize_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_database_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_on_sqlite_a_submission_waits_for_the_disk_and_a_draft_does_not(database):
    # What SQLite's synchronous setting is when each commit happens: FULL (2) survives a power cut, NORMAL (1)
    # only a crash of the server process.
    seen: list[int] = []

    def at_commit(connection) -> None:
        raw = connection.connection.dbapi_connection
        seen.append(raw.execute("PRAGMA synchronous").fetchone()[0])

    event.listen(database.engine, "commit", at_commit)
    first, second = new_attempt(database), new_attempt(database, student_name="Ben")
    seen.clear()
    with database.session() as session:
        assert save_draft(session, first.public_id, 0, {"q1": ["b"]}) is not None
        assert record_submission(session, first.id, 1, scored(1))
        assert save_draft(session, second.public_id, 0, {"q1": ["c"]}) is not None
    assert seen == [1, 2, 1]  # the connection went back to the pool with the default restored


def _connect_at(url: str, start_at: float) -> str:
    """A worker starting: wait for the common start, open a connection (WAL set on connect), report its mode."""
    database = Database(url)
    time.sleep(max(0.0, start_at - time.time()))
    try:
        with database.engine.connect() as connection:
            return connection.exec_driver_sql("PRAGMA journal_mode").scalar()
    except Exception as error:  # reported in the assertion, with every other worker's outcome
        return repr(error)
    finally:
        database.engine.dispose()


def test_workers_opening_a_new_sqlite_database_at_once_all_start_in_wal_mode(tmp_path):
    # Switching a new database to WAL takes an exclusive lock, and SQLite refuses one of two simultaneous
    # switches at once instead of waiting: about one round in twenty lost a worker before the switch retried.
    outcomes: list[str] = []
    with multiprocessing.get_context("fork").Pool(3) as pool:
        for round_number in range(60):
            url = f"sqlite:///{tmp_path / f'new-{round_number}.sqlite3'}"
            outcomes += pool.starmap(_connect_at, [(url, time.time() + 0.03)] * 3)
    assert set(outcomes) == {"wal"}, sorted(set(outcomes))
