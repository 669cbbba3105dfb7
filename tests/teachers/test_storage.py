"""Teacher tables on SQLite and on a real PostgreSQL: classes, assignments, attempt numbers, marks."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

import quizgen.storage as storage
from quizgen.storage import (
    Assignment,
    AssignmentAttempt,
    Attempt,
    AttemptsUsedUp,
    Base,
    Database,
    Mark,
    NewAttempt,
    ScoredResponse,
    Teacher,
    assignment_attempt_rows,
    assignment_response_rows,
    assignment_summaries,
    attempts_by_student,
    class_summaries,
    create_assignment,
    create_class,
    create_teacher,
    end_teacher_sessions,
    find_class_by_join_code,
    find_teacher_by_email,
    find_teacher_by_session_token,
    next_attempt_number,
    record_marks,
    record_submission,
    set_teacher_password,
    start_attempt,
    student_key,
    submitted_attempts,
)

from .conftest import BOTH_DATABASES


@pytest.fixture
def database(database_url):
    database = Database(database_url)
    database.upgrade_schema()
    yield database
    database.engine.dispose()


def setup_assignment(database, **overrides):
    with database.session() as session:
        teacher = Teacher(email="t@example.org", password_hash="x")
        session.add(teacher)
        session.commit()
        school_class = create_class(session, teacher.id, "7C")
        values = {"class_id": school_class.id, "lesson_id": "harbour-festival", "options": {}, "class_seed": 42}
        values.update(overrides)
        assignment = Assignment(**values)
        session.add(assignment)
        session.commit()
        return teacher, school_class, assignment


def add_attempt(database, assignment, name, number=1, responses=None):
    with database.session() as session:
        attempt = Attempt(
            lesson_id="harbour-festival",
            lesson_hash="h",
            variant_code="0000-001D",
            seed=1,
            options={},
            student_name=name,
            max_score=3,
        )
        attempt.link = AssignmentAttempt(assignment_id=assignment.id, student_key=student_key(name), number=number)
        session.add(attempt)
        session.commit()
        if responses is not None:
            assert record_submission(session, attempt.id, 0, responses)
        return attempt


def open_answer(points=0.0, status="pending", item="q-open", position=2):
    return ScoredResponse(item, position, "My answer", points, 2, status)


@BOTH_DATABASES
def test_new_tables_are_added_to_an_existing_database_without_touching_attempts(database_url):
    database = Database(database_url)
    Base.metadata.drop_all(database.engine)
    Base.metadata.create_all(database.engine, tables=[Attempt.__table__, storage.Response.__table__])
    with database.session() as session:
        session.add(
            Attempt(
                lesson_id="l", lesson_hash="h", variant_code="c", seed=1, options={}, student_name="Old", max_score=1
            )
        )
        session.commit()
    database.upgrade_schema()
    tables = set(inspect(database.engine).get_table_names())
    assert {"teacher", "school_class", "assignment", "assignment_attempt"} <= tables
    with database.session() as session:
        old = session.query(Attempt).one()
        assert old.student_name == "Old" and old.link is None
    database.engine.dispose()


@BOTH_DATABASES
def test_join_codes_are_unique_and_found_however_they_are_typed(database, monkeypatch):
    teacher, school_class, _ = setup_assignment(database)
    with database.session() as session:
        for typed in (
            school_class.join_code,
            school_class.join_code.lower(),
            school_class.display_code,
            " " + school_class.display_code.replace("-", " - ") + " ",
        ):
            assert find_class_by_join_code(session, typed).id == school_class.id
        assert find_class_by_join_code(session, "nope") is None
        codes = iter([school_class.join_code, school_class.join_code, "ZZZZZZ"])
        monkeypatch.setattr(storage.classes, "new_join_code", lambda: next(codes))
        again = create_class(session, teacher.id, "Another")  # two collisions, then a free code
        assert again.join_code == "ZZZZZZ"


@BOTH_DATABASES
def test_a_students_attempt_number_is_unique_per_assignment(database):
    _, _, assignment = setup_assignment(database)
    add_attempt(database, assignment, "Ana")
    with database.session() as session:
        assert next_attempt_number(session, assignment.id, student_key(" ANA ")) == 2
        assert next_attempt_number(session, assignment.id, student_key("Ben")) == 1
    with pytest.raises(IntegrityError):
        add_attempt(database, assignment, "ana", number=1)  # a racing second start with the same number
    add_attempt(database, assignment, "ana", number=2)


@BOTH_DATABASES
def test_marks_update_points_status_and_the_attempt_score_in_one_go(database):
    _, _, assignment = setup_assignment(database)
    with database.session() as session:
        second = Assignment(class_id=assignment.class_id, lesson_id="harbour-festival", options={}, class_seed=7)
        session.add(second)
        session.commit()
    correct = ScoredResponse("q-days", 1, "Three days", 1, 1, "correct")
    ana = add_attempt(database, assignment, "Ana", responses=[correct, open_answer()])
    ben = add_attempt(database, assignment, "Ben", responses=[correct, open_answer(status="unanswered")])
    cy = add_attempt(database, second, "Cy", responses=[correct, open_answer()])
    with database.session() as session:
        changed = record_marks(
            session,
            assignment.id,
            [
                Mark(ana.id, "q-open", 1.5),
                Mark(ben.id, "q-open", 2),  # Ben left it empty: nothing to mark
                Mark(cy.id, "q-open", 2),  # another assignment's answer: not this form's
                Mark(ana.id, "q-days", 0),
            ],
        )
    with database.session() as session:
        rows = {(row.attempt_id, row.item_id): row for row in assignment_response_rows(session, assignment.id)}
        scores = {row.student_name: row.score for row in assignment_attempt_rows(session, assignment.id)}
        other_rows = assignment_response_rows(session, second.id)
    assert rows[(ana.id, "q-open")].points == 1.5 and rows[(ana.id, "q-open")].status == "partial"
    assert rows[(ben.id, "q-open")].status == "unanswered" and rows[(ben.id, "q-open")].points == 0
    assert [row.status for row in other_rows if row.item_id == "q-open"] == ["pending"]
    # The web form only offers open responses; storage itself marks any answered row it is given.
    assert rows[(ana.id, "q-days")].points == 0 and changed == 2
    assert scores == {"Ana": 1.5, "Ben": 1}
    with database.session() as session:
        assert record_marks(session, assignment.id, [Mark(ana.id, "q-open", 5)]) == 1  # clamped to the maximum
        assert record_marks(session, assignment.id, [Mark(ana.id, "q-open", 2)]) == 0  # unchanged
        assert record_marks(session, assignment.id, [Mark(ana.id, "q-open", None)]) == 1  # back to pending
        row = next(r for r in assignment_response_rows(session, assignment.id, ["q-open"]) if r.attempt_id == ana.id)
        assert (row.points, row.status) == (0, "pending")
        assert {r.item_id for r in assignment_response_rows(session, assignment.id, ["q-open"])} == {"q-open"}


@BOTH_DATABASES
def test_summaries_count_in_two_queries(database):
    teacher, school_class, assignment = setup_assignment(database)
    add_attempt(database, assignment, "Ana", responses=[open_answer()])
    add_attempt(database, assignment, "Ana", number=2)
    add_attempt(database, assignment, "Ben", responses=[open_answer()])
    with database.session() as session:
        assert [
            (c.name, assignments, counts.submitted, counts.in_progress)
            for c, assignments, counts in class_summaries(session, teacher.id)
        ] == [("7C", 1, 2, 0)]
        assert [
            (counts.students, counts.submitted) for _, counts in assignment_summaries(session, school_class.id)
        ] == [(2, 2)]
        assert class_summaries(session, teacher.id + 99) == []


@BOTH_DATABASES
def test_ending_a_teachers_sessions_replaces_the_token(database):
    teacher, _, _ = setup_assignment(database)
    with database.session() as session:
        token = session.get(Teacher, teacher.id).session_token
        assert find_teacher_by_session_token(session, token).id == teacher.id
        end_teacher_sessions(session, teacher.id)
        assert find_teacher_by_session_token(session, token) is None
        assert find_teacher_by_session_token(session, "") is None
        assert len(session.get(Teacher, teacher.id).session_token) >= 40


@BOTH_DATABASES
def test_a_new_password_ends_every_session_at_once(database):
    with database.session() as session:
        teacher = create_teacher(session, " New@Example.ORG ", "old-hash")
        old_token = teacher.session_token
        set_teacher_password(session, teacher.id, "new-hash")
    with database.session() as session:
        stored = find_teacher_by_email(session, "new@example.org")
        assert stored.email == "new@example.org" and stored.password_hash == "new-hash"
        assert find_teacher_by_session_token(session, old_token) is None


@BOTH_DATABASES
def test_a_refused_write_is_rolled_back_and_the_session_goes_on(database):
    with database.session() as session:
        create_teacher(session, "a@example.org", "hash")
        with pytest.raises(IntegrityError):
            create_teacher(session, "A@example.org", "other hash")  # the same address
        school_class = create_class(session, find_teacher_by_email(session, "a@example.org").id, "8A")
        with pytest.raises(ValueError, match="unknown variant mode"):
            create_assignment(session, school_class.id, "harbour-festival", {}, class_seed=1, variant_mode="everyone")
        create_assignment(session, school_class.id, "harbour-festival", {}, class_seed=1, variant_mode="shared")
    with database.session() as session:
        assert session.query(Teacher).count() == 1 and session.query(Assignment).count() == 1


def race(racers: int, run) -> tuple[list[str], list[BaseException]]:
    """Run ``run(index)`` in ``racers`` threads released together; what each returned, and any errors."""
    barrier = threading.Barrier(racers)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def runner(index: int) -> None:
        try:
            barrier.wait()
            outcomes.append(run(index))
        except BaseException as error:  # pragma: no cover - reported by the caller
            errors.append(error)

    threads = [threading.Thread(target=runner, args=(n,)) for n in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, errors


@BOTH_DATABASES
def test_only_submitted_attempts_count_even_when_starts_and_submissions_race(database):
    _, _, assignment = setup_assignment(database, attempts_allowed=2)
    racers = 5

    def new_attempt(token: str) -> NewAttempt:
        return NewAttempt(
            start_token=token,
            lesson_id="harbour-festival",
            lesson_hash="h",
            seed=1,
            variant_code="0000-001D",
            options={},
            student_name="Ana",
            class_code=None,
            max_score=3,
        )

    def start(index: int) -> str:
        with database.session() as session:
            _, created = start_attempt(session, new_attempt(f"form-{index}"), assignment)
            return "created" if created else "found"

    # Started and not submitted, an attempt locks nobody out: five tabs, five attempts, numbered apart.
    outcomes, errors = race(racers, start)
    assert not errors and outcomes == ["created"] * racers
    with database.session() as session:
        started = attempts_by_student(session, assignment.id, student_key("Ana"))
        assert [a.link.number for a in started] == [1, 2, 3, 4, 5]
        ids = [a.id for a in started]

    def submit(index: int) -> str:
        with database.session() as session:
            try:
                return "submitted" if record_submission(session, ids[index], 0, []) else "stale"
            except AttemptsUsedUp:
                return "used up"

    # Handing them in is what counts: exactly the two allowed are taken, whoever races.
    outcomes, errors = race(racers, submit)
    assert not errors
    assert sorted(outcomes) == ["submitted", "submitted", "used up", "used up", "used up"]
    with database.session() as session:
        done = [a for a in attempts_by_student(session, assignment.id, student_key("Ana")) if a.is_submitted]
        assert sorted(a.link.submitted_number for a in done) == [1, 2]
        assert submitted_attempts(session, assignment.id, "ana") == 2
        # Refused, the others stay open with nothing written, and a new start is refused too.
        assert sum(not a.is_submitted for a in attempts_by_student(session, assignment.id, "ana")) == 3
        with pytest.raises(AttemptsUsedUp):
            start_attempt(session, new_attempt("form-late"), assignment)
