"""Throttling counts in the database: one atomic count per key, shared by every process, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from quizgen.storage import Database, count_event, current_count, purge_stale_rows, utc_now

from .conftest import BOTH_DATABASES

WINDOW = timedelta(minutes=15)


@pytest.fixture
def database(database_url):
    database = Database(database_url)
    database.upgrade_schema()
    yield database
    database.engine.dispose()


@BOTH_DATABASES
def test_parallel_events_under_one_key_are_each_counted_once(database):
    seen: list[int] = []
    lock = threading.Lock()

    def count_some():
        with database.session() as session:
            for _ in range(10):
                value = count_event(session, "k", WINDOW).count
                with lock:
                    seen.append(value)

    threads = [threading.Thread(target=count_some) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(seen) == list(range(1, 61))  # every caller saw its own number: no lost or shared increment
    with database.session() as session:
        assert current_count(session, "k", WINDOW).count == 60


@BOTH_DATABASES
def test_a_count_starts_again_when_its_window_is_over(database):
    start = utc_now()
    with database.session() as session:
        for _ in range(3):
            count_event(session, "k", WINDOW, now=start)
        assert current_count(session, "k", WINDOW, now=start + timedelta(minutes=14)).count == 3
        assert current_count(session, "k", WINDOW, now=start + WINDOW).count == 0
        later = count_event(session, "k", WINDOW, now=start + WINDOW + timedelta(seconds=1))
        assert later.count == 1 and later.window_end == start + 2 * WINDOW + timedelta(seconds=1)


@BOTH_DATABASES
def test_old_counts_are_purged_and_current_ones_kept(database):
    now = utc_now()
    with database.session() as session:
        count_event(session, "old", WINDOW, now=now - timedelta(hours=2))
        count_event(session, "new", WINDOW, now=now)
        purged = purge_stale_rows(session, timedelta(days=7), timedelta(hours=1), now=now)
        assert purged.counts == 1
        assert current_count(session, "new", WINDOW, now=now).count == 1
