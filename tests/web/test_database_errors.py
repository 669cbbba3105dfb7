"""Database failures as users and operators see them: a lock timeout is 503 "try again", anything else a logged 500."""

from __future__ import annotations

import logging
import sqlite3

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

import quizgen.storage as storage
from quizgen.storage import Database, is_lock_timeout

from .conftest import BOTH_DATABASES
from .html import visible_text


@BOTH_DATABASES
def test_only_waiting_too_long_for_a_lock_counts_as_busy(database_url):
    database = Database(database_url)
    database.upgrade_schema()
    with database.engine.connect() as holder, database.engine.connect() as waiter:
        if database.engine.dialect.name == "sqlite":
            holder.exec_driver_sql("BEGIN IMMEDIATE")
            waiter.exec_driver_sql("PRAGMA busy_timeout=50")
            locked = "BEGIN IMMEDIATE"
        else:
            holder.execute(text("LOCK TABLE attempt IN ACCESS EXCLUSIVE MODE"))
            waiter.execute(text("SET lock_timeout = '50ms'"))
            locked = "SELECT count(*) FROM attempt"
        with pytest.raises(DBAPIError) as busy:
            waiter.exec_driver_sql(locked)
        assert is_lock_timeout(busy.value)
        holder.rollback()
        waiter.rollback()
        with pytest.raises(DBAPIError) as broken:
            waiter.execute(text("SELECT no_such_column FROM attempt"))
        assert not is_lock_timeout(broken.value)
    database.engine.dispose()


def test_a_locked_database_while_submitting_is_503_and_the_same_form_goes_through_later(app, student, monkeypatch):
    monkeypatch.setattr(storage.engine, "SQLITE_BUSY_TIMEOUT_MS", 100)  # new connections give up waiting after 0.1 s
    quiz = student.open_quiz()
    holder = sqlite3.connect(app.extensions["quizgen.database"].engine.url.database)
    holder.execute("BEGIN IMMEDIATE")  # another process writing, and taking its time
    try:
        response = student.submit(quiz, quiz.form("right"))
    finally:
        holder.rollback()
        holder.close()
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    assert "Nothing was saved" in visible_text(response.get_data(as_text=True))
    assert not student.attempt(quiz.public_id).is_submitted
    assert student.submit(quiz, quiz.form("right")).status_code == 303
    assert student.attempt(quiz.public_id).score == 27


def test_a_missing_column_is_a_logged_500_not_server_busy(app, student, caplog):
    quiz = student.open_quiz()
    with app.extensions["quizgen.database"].engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE attempt DROP COLUMN seq")  # code ahead of its schema
    with caplog.at_level(logging.ERROR, logger="quizgen.web.errors"):
        response = student.client.get(quiz.url)
    assert response.status_code == 500 and "Retry-After" not in response.headers
    page = visible_text(response.get_data(as_text=True))
    assert "Something went wrong" in page and "busy" not in page
    [record] = [r for r in caplog.records if r.name == "quizgen.web.errors"]
    assert record.levelno == logging.ERROR and f"GET {quiz.url}" in record.getMessage()
    assert "no such column" in str(record.exc_info[1])
