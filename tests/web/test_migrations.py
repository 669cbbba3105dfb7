"""Schema migrations on SQLite and on a real PostgreSQL: head equals the models, old databases keep every row."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, select, text

from quizgen.migrations import (
    VERSIONS_DIR,
    SchemaError,
    alembic_config,
    current_revision,
    head_revision,
    new_revision,
    upgrade_database,
)
from quizgen.storage import (
    Attempt,
    Base,
    Database,
    Mark,
    NewAttempt,
    Response,
    ScoredResponse,
    assignment_attempt_rows,
    assignment_response_rows,
    class_summaries,
    create_assignment,
    create_class,
    create_teacher,
    find_attempt,
    find_class_by_join_code,
    find_teacher_by_email,
    record_marks,
    record_submission,
    start_attempt,
    submitted_attempts,
)
from quizgen.web import create_app

from ..conftest import ROOT
from .conftest import BOTH_DATABASES, TEST_SECRET, drop_every_table

TABLES = (
    "attempt",
    "response",
    "teacher",
    "school_class",
    "assignment",
    "assignment_attempt",
    "throttle_count",
    "attempt_allowance",
    "roster_student",
    "print_job",
)
# The tables quizgen had before it had migrations (revision 0001).
FIRST_TABLES = ("attempt", "response", "teacher", "school_class", "assignment", "assignment_attempt")


@pytest.fixture
def database(database_url):
    database = Database(database_url)
    yield database
    database.engine.dispose()


def schema_snapshot(engine) -> dict:
    """Everything the database reports about quizgen's tables, in a comparable form."""
    inspector = inspect(engine)
    snapshot = {}
    for table in sorted(inspector.get_table_names()):
        if table == "alembic_version":
            continue
        snapshot[table] = {
            "columns": [(c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)],
            "primary key": inspector.get_pk_constraint(table)["constrained_columns"],
            "foreign keys": sorted(
                (
                    fk["name"],
                    tuple(fk["constrained_columns"]),
                    fk["referred_table"],
                    tuple(fk["referred_columns"]),
                    fk["options"].get("ondelete"),
                )
                for fk in inspector.get_foreign_keys(table)
            ),
            "indexes": sorted(
                (ix["name"], tuple(ix["column_names"]), bool(ix["unique"])) for ix in inspector.get_indexes(table)
            ),
            "unique": sorted((uq["name"], tuple(uq["column_names"])) for uq in inspector.get_unique_constraints(table)),
        }
    return snapshot


def every_row(engine, names: tuple[str, ...] = TABLES) -> dict[str, list[tuple]]:
    """Every row of the quizgen tables named (default: all), in primary-key order."""
    with engine.connect() as connection:
        return {
            table.name: [tuple(row) for row in connection.execute(select(table).order_by(*table.primary_key.columns))]
            for table in Base.metadata.sorted_tables
            if table.name in names
        }


def fill_with_class_work(database: Database) -> dict:
    """A teacher, a class, an assignment, two students' submitted attempts (one marked) and a practice attempt."""
    with database.session() as session:
        teacher = create_teacher(session, "Teacher@Example.org", "scrypt:hash")
        school_class = create_class(session, teacher.id, "7C")
        assignment = create_assignment(
            session, school_class.id, "harbour-festival", {"count": 2}, class_seed=42, attempts_allowed=2
        )
        started = {}
        for name, class_code in (("Ana", school_class.join_code), ("Ben", school_class.join_code), ("Cy", None)):
            new = NewAttempt(
                start_token=f"token-{name}",
                lesson_id="harbour-festival",
                lesson_hash="hash",
                seed=7,
                variant_code="0000-007X",
                options={"count": 2},
                student_name=name,
                class_code=class_code,
                max_score=3,
            )
            attempt, created = start_attempt(session, new, assignment if class_code else None)
            assert created
            started[name] = attempt
        for name, attempt in started.items():
            assert record_submission(
                session,
                attempt.id,
                0,
                [
                    ScoredResponse("q-days", 1, "b", 1, 1, "correct"),
                    ScoredResponse("q-open", 2, f"{name}'s own words", 0, 2, "pending"),
                ],
            )
        assert record_marks(session, assignment.id, [Mark(started["Ana"].id, "q-open", 2)]) == 1
        return {
            "teacher": teacher,
            "class": school_class,
            "assignment": assignment,
            "attempts": {name: attempt.public_id for name, attempt in started.items()},
        }


@BOTH_DATABASES
def test_the_newest_revision_builds_exactly_the_tables_the_models_describe(database):
    assert upgrade_database(database.engine) == head_revision()
    with database.engine.connect() as connection:
        assert (
            compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata) == []
        )
    migrated = schema_snapshot(database.engine)
    assert set(migrated) == set(TABLES)
    drop_every_table(database.engine)
    Base.metadata.create_all(database.engine)
    assert schema_snapshot(database.engine) == migrated


@BOTH_DATABASES
def test_a_database_made_before_migrations_is_adopted_with_every_row_intact(
    database, database_url, tmp_path, lessons_dir
):
    # How quizgen made its tables before it had migrations: today's functions write the class's work, then the
    # tables revisions after 0001 added are dropped, leaving the first tables with their rows.
    Base.metadata.create_all(database.engine)
    made = fill_with_class_work(database)
    for table in reversed(Base.metadata.sorted_tables):
        if table.name not in FIRST_TABLES:
            table.drop(database.engine)
    before = every_row(database.engine, FIRST_TABLES)
    assert current_revision(database.engine) is None

    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": tmp_path / "instance",
            "LESSONS_DIR": str(lessons_dir),
            "DATABASE_URL": database_url,
            "SECRET_KEY": TEST_SECRET,
        }
    )
    app.extensions["quizgen.database"].engine.dispose()

    assert current_revision(database.engine) == head_revision()
    assert every_row(database.engine, FIRST_TABLES) == before
    with database.session() as session:
        teacher = find_teacher_by_email(session, "teacher@example.org")
        assert teacher is not None and teacher.password_hash == "scrypt:hash"
        assert [
            (c.name, assignments, counts.submitted) for c, assignments, counts in class_summaries(session, teacher.id)
        ] == [("7C", 1, 2)]
        assert find_class_by_join_code(session, made["class"].display_code).id == made["class"].id
        rows = assignment_attempt_rows(session, made["assignment"].id)
        assert sorted((row.student_name, row.number, row.score) for row in rows) == [("Ana", 1, 3), ("Ben", 1, 1)]
        marked = {
            (row.attempt_id, row.status) for row in assignment_response_rows(session, made["assignment"].id, ["q-open"])
        }
        assert len(marked) == 2 and {status for _, status in marked} == {"correct", "pending"}
        for name, public_id in made["attempts"].items():
            attempt = find_attempt(session, public_id)
            assert attempt.student_name == name and attempt.is_submitted and attempt.seq == 1
            assert [response.response for response in attempt.responses] == ["b", f"{name}'s own words"]


REBUILD_ATTEMPT = '''"""Test revision: widen attempt.student_name (SQLite rebuilds the table to do so)."""

import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("attempt") as batch_op:
        batch_op.alter_column("student_name", type_=sa.String(length=120), existing_type=sa.String(length=80),
                              existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("attempt") as batch_op:
        batch_op.alter_column("student_name", type_=sa.String(length=80), existing_type=sa.String(length=120),
                              existing_nullable=False)
'''


def config_with_test_revision(folder: Path):
    """The package's revisions plus one that rebuilds the attempt table, which responses and links point at."""
    folder.mkdir()
    (folder / "9001_rebuild_attempt.py").write_text(REBUILD_ATTEMPT.format(down=head_revision()), encoding="utf-8")
    return alembic_config(version_locations=[VERSIONS_DIR, folder])


@BOTH_DATABASES
def test_a_revision_that_rebuilds_the_attempt_table_keeps_every_response_and_link(database, tmp_path):
    database.upgrade_schema()
    fill_with_class_work(database)
    before = every_row(database.engine)
    assert len(before["response"]) == 6 and len(before["assignment_attempt"]) == 2

    assert upgrade_database(database.engine, config_with_test_revision(tmp_path / "versions")) == "9001"

    assert every_row(database.engine) == before  # SQLite's rebuild dropped the old table: no cascade fired
    student_name = next(c for c in inspect(database.engine).get_columns("attempt") if c["name"] == "student_name")
    assert student_name["type"].length == 120
    if database.engine.dialect.name == "sqlite":
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # enforced again afterwards


@BOTH_DATABASES
def test_a_database_upgraded_by_a_newer_quizgen_is_refused_untouched(database, database_url, tmp_path, lessons_dir):
    database.upgrade_schema()
    upgrade_database(database.engine, config_with_test_revision(tmp_path / "versions"))
    with pytest.raises(SchemaError, match=r"revision '9001', which this version of quizgen does not know"):
        database.upgrade_schema()
    with pytest.raises(SchemaError, match="a newer quizgen upgraded it"):
        create_app(
            {
                "TESTING": True,
                "INSTANCE_PATH": tmp_path / "instance",
                "LESSONS_DIR": str(lessons_dir),
                "DATABASE_URL": database_url,
                "SECRET_KEY": TEST_SECRET,
            }
        )
    assert current_revision(database.engine) == "9001"


def test_init_db_reports_the_revision_and_refuses_an_unknown_one(app, runner, tmp_path):
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0 and f"schema revision {head_revision()}" in result.output
    engine = app.extensions["quizgen.database"].engine
    upgrade_database(engine, config_with_test_revision(tmp_path / "versions"))
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 1 and "Error: The database is at schema revision '9001'" in result.output
    assert "Traceback" not in result.output


def test_the_app_module_refuses_to_start_on_an_unknown_revision_with_a_message(
    database, database_url, tmp_path, lessons_dir
):
    database.upgrade_schema()
    upgrade_database(database.engine, config_with_test_revision(tmp_path / "versions"))
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": TEST_SECRET,
        "QUIZGEN_LESSONS_DIR": str(lessons_dir),
    }
    flask = Path(sys.executable).with_name("flask")
    result = subprocess.run(
        [str(flask), "--app", "app", "init-db"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    # 4: gunicorn stops instead of restarting workers that cannot load the app
    assert result.returncode == 4 and "Traceback" not in result.stderr
    assert result.stderr.startswith("quizgen cannot start: The database is at schema revision '9001'")


def test_a_new_revision_is_numbered_next_and_finds_nothing_to_change_while_models_match_head(tmp_path):
    versions = tmp_path / "versions"
    shutil.copytree(VERSIONS_DIR, versions, ignore=shutil.ignore_patterns("__pycache__"))
    written = new_revision("nothing changed", versions)
    assert written == versions / f"{int(head_revision()) + 1:04d}_nothing_changed.py"
    source = written.read_text(encoding="utf-8")
    assert f"down_revision = {head_revision()!r}" in source and "op." not in source.split("def upgrade")[1]


def _upgrade_at(url: str, start_at: float) -> str:
    """One starting worker: wait for the common start time, then upgrade (runs in a fresh process)."""
    database = Database(url)
    time.sleep(max(0.0, start_at - time.time()))
    try:
        return database.upgrade_schema()
    finally:
        database.engine.dispose()


@BOTH_DATABASES
def test_workers_starting_at_once_migrate_once_and_all_start(database_url):
    workers = 3
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        start_at = time.time() + 4  # after every process has imported quizgen
        revisions = pool.starmap(_upgrade_at, [(database_url, start_at)] * workers)
    assert revisions == [head_revision()] * workers
    database = Database(database_url)
    errors: list[BaseException] = []

    def upgrade_again() -> None:
        try:
            database.upgrade_schema()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=upgrade_again) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    with database.engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [head_revision()]
    assert set(TABLES) <= set(inspect(database.engine).get_table_names())
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Attempt)) == 0
        assert session.scalar(select(func.count()).select_from(Response)) == 0
    database.engine.dispose()


@BOTH_DATABASES
def test_upgrading_a_class_database_counts_the_attempts_its_students_already_submitted(database):
    # Revision 0006 made only submitted attempts count: a database from before it gets each student's
    # submitted attempts numbered, so the allowance still holds for work done before the upgrade.
    from alembic import command

    database.upgrade_schema()
    made = fill_with_class_work(database)
    with database.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0005")
    assert "submitted_number" not in {c["name"] for c in inspect(database.engine).get_columns("assignment_attempt")}

    assert upgrade_database(database.engine) == head_revision()
    with database.engine.connect() as connection:
        numbers = connection.execute(text("SELECT student_key, submitted_number FROM assignment_attempt")).all()
    assert sorted(numbers) == [("ana", 1), ("ben", 1)]
    with database.session() as session:
        assert submitted_attempts(session, made["assignment"].id, "ana") == 1
