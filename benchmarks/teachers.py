"""Teacher benchmark: the results page and the CSV export of a 300-student, 30-item assignment.

One run, per database, measures in-process with Flask's test client (server
time only: routing, the signed-in teacher, the queries, the statistics, the
charts, Jinja), after two warm-up requests:

    quiz page     GET /attempts/<id>                   a student's quiz page (the student app's hot path), for scale
    results page  GET /teacher/assignments/<id>         students table, item analysis, skill averages, two charts
    student page  GET /teacher/assignments/<id>/students/<key>   one student's attempts with every answer
    class grid    GET /teacher/assignments/<id>/grid    every student x every question (300 x 30 cells)
    CSV export    GET /teacher/assignments/<id>/results.csv   one row per student per item (9,000 rows)

It prints the median and p90 in ms of each, the results page's ratio to the
quiz page, and the number of SQL statements one results page runs (an
SQLAlchemy event listener counts them): that number must not grow with the
class, so it is also counted for a class of 30.

The assignment is made directly through the storage layer: 300 attempts at
the source-evaluation lesson (55 items in its bank; each variant draws 30),
answered by simulated students of varied ability and graded by
``quizgen.grading``.

    .venv/bin/python benchmarks/teachers.py                   # SQLite and a throwaway PostgreSQL
    .venv/bin/python benchmarks/teachers.py --databases sqlite --runs 10

The app is prepared as ``app.py`` prepares a server process (the lessons loaded, then
what start-up built frozen out of the garbage collector's scans).

Targets (issue 5): results page < 250 ms with a bounded number of queries;
CSV export < 1 s.  Issue 10: the per-student page and the grid < 250 ms each, with
a number of SQL statements that does not grow with the class.

``--autosave`` measures instead the students' autosave endpoint under load
(issue 10): gunicorn on 127.0.0.1 with the deployment's own settings
(``deploy/gunicorn.conf.py``: its worker class and count, two per core and
one, its access log...) and wrk at 50 connections, each request a save of
another open attempt (``POST /attempts/<id>/save`` as the page's script
sends it: CSRF, the draft's checks, the conditional UPDATE), beside the
minimal Flask page of ``benchmarks/web.py`` on the same settings in the same
run, after warming every worker up.  A third app gives the floor of any save:
``web.floor_app`` does only what a save that keeps the same guarantees must
(the signed session cookie, Flask-WTF's CSRF check, the form, one conditional
UPDATE committed on the same database), with the same form bodies.  Besides requests/s and latency it
prints the gunicorn workers' CPU milliseconds per request, which, unlike
requests/s, holds while other work shares the machine.  Target: p99 < 50 ms.

    .venv/bin/python benchmarks/teachers.py --autosave --databases sqlite --duration 5
"""

from __future__ import annotations

import argparse
import os
import random
import re
import runpy
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from sqlalchemy import event, insert, select
from werkzeug.security import generate_password_hash

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from quizgen.grading import grade, key_of  # noqa: E402
from quizgen.quiz import QuizOptions, build_quiz, derive_seed  # noqa: E402
from quizgen.storage import (  # noqa: E402
    Assignment,
    AssignmentAttempt,
    Attempt,
    Base,
    Response,
    SchoolClass,
    Teacher,
    student_key,
    utc_now,
)
from quizgen.web import create_app, prepare_to_serve  # noqa: E402

LESSON = "nk-drones-sources"
EMAIL = "bench@example.org"
PASSWORD = "benchmark password"
SECRET_KEY = "teacher-benchmark-secret-" + "t" * 32
ITEMS_PER_STUDENT = 30
DEPLOY_GUNICORN = ROOT / "deploy" / "gunicorn.conf.py"


def simulated_response(item, ability: float, rng: random.Random):
    """What a student of this ability (0..1) might answer: the key, a wrong answer, or nothing."""
    roll = rng.random()
    if roll > 0.95:
        return None  # left empty
    if roll < ability:
        return key_of(item) if item.type != "open_response" else "It is an opinion; no source is cited."
    match item.type:
        case "single_choice":
            return rng.choice([option for option in item.options if option != item.answer])
        case "multiple_select":
            return [rng.choice(item.options)]
        case "true_false":
            return not item.answer
        case "ordering":
            return list(reversed(item.items))
        case "matching":
            rights = [pair.right for pair in item.pairs]
            return {pair.left: right for pair, right in zip(item.pairs, rights[1:] + rights[:1], strict=True)}
        case "cloze" | "short_answer":
            return ["no idea"] if item.type == "cloze" else "no idea"
        case _:
            return "I think it is a fact."


def populate(app, students: int, seed: int = 7) -> tuple[str, str]:
    """A teacher, a class and an assignment with ``students`` submitted attempts; (assignment id, join code)."""
    database = app.extensions["quizgen.database"]
    entry = app.extensions["quizgen.library"].get(LESSON)
    lesson = entry.lesson
    options = QuizOptions(count=ITEMS_PER_STUDENT)
    rng = random.Random(seed)
    with database.session() as session:
        teacher = session.scalar(select(Teacher).where(Teacher.email == EMAIL))
        if teacher is None:
            teacher = Teacher(email=EMAIL, password_hash=generate_password_hash(PASSWORD, method="scrypt:1024:8:1"))
            session.add(teacher)
            session.commit()
        school_class = SchoolClass(teacher_id=teacher.id, name=f"Class of {students}")
        session.add(school_class)
        session.commit()
        assignment = Assignment(
            class_id=school_class.id,
            lesson_id=LESSON,
            options=options.describe(),
            variant_mode="per-student",
            class_seed=rng.randrange(10**9),
            attempts_allowed=1,
            feedback="immediate",
        )
        session.add(assignment)
        session.commit()
        now = utc_now()
        attempts, links, responses = [], [], []
        quizzes = []
        for index in range(students):
            quiz = build_quiz(lesson, derive_seed(assignment.class_seed, index), options)
            quizzes.append(quiz)
            name = f"Student {index + 1:03d}"
            attempts.append(
                {
                    "public_id": f"bench{assignment.id}x{index:04d}".ljust(22, "0"),
                    "lesson_id": LESSON,
                    "lesson_hash": entry.content_hash,
                    "variant_code": quiz.variant_code,
                    "seed": quiz.seed,
                    "options": options.describe(),
                    "student_name": name,
                    "class_code": school_class.join_code,
                    "started_at": now - timedelta(minutes=30 + rng.randrange(20)),
                    "submitted_at": now - timedelta(minutes=rng.randrange(25)),
                    "score": 0.0,
                    "max_score": quiz.max_points,
                    "seq": 1,
                }
            )
        session.execute(insert(Attempt.__table__), attempts)
        ids = dict(
            session.execute(
                select(Attempt.public_id, Attempt.id).where(Attempt.public_id.in_([a["public_id"] for a in attempts]))
            ).all()
        )
        for values, quiz in zip(attempts, quizzes, strict=True):
            attempt_id = ids[values["public_id"]]
            links.append(
                {
                    "attempt_id": attempt_id,
                    "assignment_id": assignment.id,
                    "student_key": student_key(values["student_name"]),
                    "number": 1,
                }
            )
            ability = min(0.97, max(0.1, rng.gauss(0.62, 0.18)))
            total = 0.0
            for entry_item in quiz.items:
                response = simulated_response(entry_item.item, ability, rng)
                outcome = grade(entry_item.item, response)
                total += outcome.points
                responses.append(
                    {
                        "attempt_id": attempt_id,
                        "item_id": entry_item.id,
                        "position": entry_item.number,
                        "response": response,
                        "points": outcome.points,
                        "max_points": outcome.max_points,
                        "status": outcome.status,
                    }
                )
            values["score"] = total
        session.execute(insert(AssignmentAttempt.__table__), links)
        session.execute(insert(Response.__table__), responses)
        for values in attempts:
            session.execute(
                Attempt.__table__.update().where(Attempt.public_id == values["public_id"]).values(score=values["score"])
            )
        session.commit()
        return assignment.public_id, school_class.join_code


def signed_in_client(app):
    client = app.test_client()
    page = client.get("/teacher/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/teacher/sign-in", data={"csrf_token": token, "email": EMAIL, "password": PASSWORD})
    assert response.status_code == 303, "sign-in failed"
    return client


def student_with_quiz(app, join_code: str) -> tuple[object, str]:
    """A student's client with an open attempt at the lesson, in a class (30 questions, like the results' students)."""
    client = app.test_client()
    page = client.get(f"/lessons/{LESSON}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    start = re.search(r'name="start_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        f"/lessons/{LESSON}/start",
        data={"csrf_token": token, "start_token": start, "student_name": "Quiz page", "class_code": join_code},
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    return client, response.headers["Location"]


def timed(client, url: str, runs: int, expect: str) -> list[float]:
    """Milliseconds per GET, after two warm-ups."""
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200 and expect in response.get_data(as_text=True) + response.mimetype, url
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        response.get_data()
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return times


@contextmanager
def counted_statements(engine):
    statements: list[str] = []

    def listener(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def bench(name: str, database_url: str, work: Path, runs: int, students: int) -> dict:
    lessons = work / "lessons"
    lessons.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "lessons" / f"{LESSON}.yaml", lessons / f"{LESSON}.yaml")
    if (ROOT / "lessons" / LESSON).is_dir():  # the lesson's asset folder: its pre-reading image
        shutil.copytree(ROOT / "lessons" / LESSON, lessons / LESSON, dirs_exist_ok=True)
    app = create_app(
        {
            "INSTANCE_PATH": work / "instance",
            "LESSONS_DIR": str(lessons),
            "DATABASE_URL": database_url,
            "SECRET_KEY": SECRET_KEY,
            "WTF_CSRF_ENABLED": True,
        }
    )
    engine = app.extensions["quizgen.database"].engine
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    started = time.perf_counter()
    big, _ = populate(app, students)
    small, small_code = populate(app, 30, seed=8)
    setup_s = time.perf_counter() - started
    prepare_to_serve(app)  # as app.py does when a server process starts
    teacher = signed_in_client(app)
    student, quiz_url = student_with_quiz(app, small_code)

    quiz = timed(student, quiz_url, runs, "<form")
    results_url = f"/teacher/assignments/{big}"
    results = timed(teacher, results_url, runs, "Item analysis")
    csv = timed(teacher, results_url + "/results.csv", max(3, runs // 3), "text/csv")
    student_url = results_url + "/students/student%20001"
    student_page = timed(teacher, student_url, runs, "Attempt 1")
    grid_url = results_url + "/grid"
    grid = timed(teacher, grid_url, runs, "class-grid")
    extra_queries = {}
    for label, url in (("student", student_url), ("grid", grid_url)):
        for size, assignment in (("big", big), ("small", small)):
            with counted_statements(engine) as statements:
                teacher.get(url.replace(big, assignment))
            extra_queries[f"{label}_{size}"] = len(statements)
    html = teacher.get(results_url).get_data(as_text=True)
    rows = teacher.get(results_url + "/results.csv").get_data(as_text=True).count("\r\n") - 1
    with counted_statements(engine) as statements:
        teacher.get(results_url)
    big_queries = len(statements)
    with counted_statements(engine) as statements:
        teacher.get(f"/teacher/assignments/{small}")  # 30 students (and one still answering)
    small_queries = len(statements)
    engine.dispose()
    return {
        "database": name,
        "setup_s": setup_s,
        "csv_rows": rows,
        "quiz": quiz,
        "results": results,
        "csv": csv,
        "student": student_page,
        "grid": grid,
        **{f"queries_{key}": value for key, value in extra_queries.items()},
        "queries": big_queries,
        "queries_small": small_queries,
        "page_kb": len(html.encode()) / 1024,
        "items": html.count('<tr id="item-'),
    }


def summary(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]


AUTOSAVE_HEADER = '["X-Requested-With"] = "fetch"'


def prepare_saves(database_url: str, lessons_dir: Path, instance: Path, count: int, target: Path) -> None:
    """``count`` open attempts, and one line per attempt for wrk: its save path, a signed session cookie
    that owns it (with a CSRF token), and the form body of a half-answered quiz at its current sequence number."""
    from web import SECRET_KEY, write_open_attempts

    from quizgen.quiz import random_seed
    from tests.helpers.answers import form_data

    app = create_app(
        {
            "INSTANCE_PATH": instance,
            "LESSONS_DIR": str(lessons_dir),
            "DATABASE_URL": database_url,
            "SECRET_KEY": SECRET_KEY,
        }
    )
    entry = app.extensions["quizgen.library"].entries()[0]
    variants = [build_quiz(entry.lesson, random_seed(), QuizOptions(), bank=entry.bank) for _ in range(40)]
    quizzes = [variants[n % len(variants)] for n in range(count)]

    def half_answered(quiz):
        return {**form_data(quiz, "empty"), **form_data(replace(quiz, items=quiz.items[: len(quiz.items) // 2]))}

    write_open_attempts(app, quizzes, target, "/save", half_answered)


def gunicorn_workers_cpu_seconds() -> float:
    """CPU seconds used so far by the gunicorn workers this process started (Linux /proc): a per-request cost
    that, unlike requests per second, holds while other work shares the machine."""
    ticks = os.sysconf("SC_CLK_TCK")

    def children(pid: int) -> list[int]:
        found = []
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(child) for child in (task / "children").read_text().split()]
        return found

    total = 0
    for master in children(os.getpid()):
        if b"gunicorn" not in Path(f"/proc/{master}/cmdline").read_bytes():
            continue
        for worker in children(master):
            fields = Path(f"/proc/{worker}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def measured(name: str, endpoint: str, run) -> object:
    """One wrk run's measurement, with the workers' CPU milliseconds per request."""
    from web import measurement

    before = gunicorn_workers_cpu_seconds()
    result = measurement(name, endpoint, run())
    result.cpu_ms = (gunicorn_workers_cpu_seconds() - before) * 1000 / max(1, result.requests)
    return result


def autosave_under_load(name: str, database_url: str, work: Path, args) -> list:
    """The autosave endpoint and the minimal Flask page under wrk, on the same gunicorn settings."""
    from web import WRK_SCRIPT, gunicorn, run_wrk, write_floor_saves

    lessons = work / "lessons"
    lessons.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "tests" / "fixtures" / "mini.yaml", lessons / "mini.yaml")
    saves, warm_up = work / "saves.tsv", work / "warm-up.tsv"
    # Every request saves another attempt once: enough attempts for the whole run at a generous rate, and others
    # to warm every worker up first (each loads the lesson on its first request, as after a deployment).
    warm_up_count = 1500
    prepare_saves(database_url, lessons, work / "instance", int(args.duration * 3000) + warm_up_count, saves)
    lines = saves.read_text(encoding="utf-8").splitlines(keepends=True)
    warm_up.write_text("".join(lines[:warm_up_count]), encoding="utf-8")
    saves.write_text("".join(lines[warm_up_count:]), encoding="utf-8")
    script = work / "requests.lua"
    script.write_text(
        WRK_SCRIPT.replace(
            '{["Cookie"] = "session=" .. cookie}', '{["Cookie"] = "session=" .. cookie, ' + AUTOSAVE_HEADER + "}"
        ),
        encoding="utf-8",
    )
    from web import SECRET_KEY

    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET_KEY,
        "QUIZGEN_LESSONS_DIR": str(lessons),
        "QUIZGEN_INSTANCE_PATH": str(work / "instance"),
    }
    # The deployment's own gunicorn settings (worker class and count, max_requests, access log...), for both apps.
    settings = {"workers": None, "worker_class": None, "config": DEPLOY_GUNICORN}
    wrk = {"duration": args.duration, "connections": 50, "threads": 2, "script": script}
    results = []
    with gunicorn("web:baseline_app", env, chdir=ROOT / "benchmarks", **settings) as url:
        baseline = work / "baseline.tsv"
        baseline.write_text("/\tnone\t\n" * 20, encoding="utf-8")
        run_wrk(url, baseline, "GET", "cycle", **{**wrk, "duration": 2})  # warm-up
        results.append(measured(name, "baseline GET", lambda: run_wrk(url, baseline, "GET", "cycle", **wrk)))
    floor, floor_warm_up = work / "floor.tsv", work / "floor-warm-up.tsv"
    write_floor_saves(database_url, {saves: floor, warm_up: floor_warm_up})
    with gunicorn("web:floor_app", env, chdir=ROOT / "benchmarks", **settings) as url:
        run_wrk(url, floor_warm_up, "POST", "once", **{**wrk, "duration": 2})
        results.append(measured(name, "floor save POST", lambda: run_wrk(url, floor, "POST", "once", **wrk)))
    with gunicorn("app:app", env, chdir=ROOT, **settings) as url:
        run_wrk(url, warm_up, "POST", "once", **{**wrk, "duration": 2})
        results.append(measured(name, "autosave POST", lambda: run_wrk(url, saves, "POST", "once", **wrk)))
    return results


def autosave_main(args, wanted: list[str]) -> None:
    """Print the autosave endpoint's requests/s and latency beside the minimal Flask page's."""
    results = []
    with tempfile.TemporaryDirectory(prefix="quizgen-bench-autosave.") as folder:
        work = Path(folder)
        if "sqlite" in wanted:
            results += autosave_under_load(
                "SQLite", f"sqlite:///{work / 'sqlite' / 'bench.sqlite3'}", work / "sqlite", args
            )
        if "postgres" in wanted:
            from web import throwaway_postgres

            with nullcontext(args.postgres_url) if args.postgres_url else throwaway_postgres() as url:
                if url:
                    results += autosave_under_load("PostgreSQL", url, work / "postgres", args)
    deployed = runpy.run_path(str(DEPLOY_GUNICORN))
    print(
        f"\nAutosave under load: gunicorn as deployed (deploy/gunicorn.conf.py: {deployed['workers']} "
        f"{deployed['worker_class']} workers on {os.cpu_count()} CPUs), wrk 2 threads, 50 connections, "
        f"{args.duration:g} s per run"
    )
    print(
        f"{'database':<11} {'endpoint':<15} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'vs baseline':>12} "
        f"{'CPU ms/req':>11} {'errors':>7}"
    )
    baselines = {m.database: m.requests_per_second for m in results if m.endpoint == "baseline GET"}
    for m in results:
        ratio = m.requests_per_second / baselines[m.database]
        print(
            f"{m.database:<11} {m.endpoint:<15} {m.requests_per_second:>8.0f} {m.p50_ms:>8.1f} {m.p99_ms:>8.1f} "
            f"{ratio:>11.0%} {m.cpu_ms:>11.2f} {m.errors:>7}"
        )
    print(
        f"  (CPU ms/req: the gunicorn workers' CPU time per request; machine load average "
        f"{os.getloadavg()[0]:.1f} at the end)"
    )
    floors = {m.database: m.p99_ms for m in results if m.endpoint == "floor save POST"}
    for m in results:
        if m.endpoint == "autosave POST":
            verdict = "met" if m.p99_ms < 50 and not m.errors else "MISSED"
            print(
                f"  target {m.database} autosave p99 < 50 ms, no errors: {verdict} ({m.p99_ms:.1f} ms, {m.errors} "
                f"errors; the floor of any save: p99 {floors[m.database]:.1f} ms)"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    parser.add_argument("--runs", type=int, default=15, help="timed requests per page (default 15)")
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--postgres-url", help="use this PostgreSQL server instead of a throwaway one")
    parser.add_argument("--autosave", action="store_true", help="the autosave endpoint under wrk instead")
    parser.add_argument("--duration", type=float, default=5, help="seconds per wrk run (--autosave)")
    args = parser.parse_args()
    wanted = [name.strip() for name in args.databases.split(",") if name.strip()]
    if args.autosave:
        autosave_main(args, wanted)
        return
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="quizgen-bench-teachers.") as folder:
        work = Path(folder)
        if "sqlite" in wanted:
            outcomes.append(
                bench(
                    "SQLite",
                    f"sqlite:///{work / 'sqlite' / 'bench.sqlite3'}",
                    work / "sqlite",
                    args.runs,
                    args.students,
                )
            )
        if "postgres" in wanted:
            if args.postgres_url:
                context = nullcontext(args.postgres_url)
            else:
                from web import throwaway_postgres

                context = throwaway_postgres()
            with context as url:
                if url:
                    outcomes.append(bench("PostgreSQL", url, work / "postgres", args.runs, args.students))

    print(
        f"\nTeacher results page: {args.students} students x {ITEMS_PER_STUDENT} items "
        f"(lesson {LESSON}, per-student variants), Flask test client, {args.runs} timed requests after 2 warm-ups\n"
    )
    header = f"{'database':<11} {'page':<34} {'median ms':>10} {'p90 ms':>8} {'x quiz':>7}"
    print(header)
    print("-" * len(header))
    for outcome in outcomes:
        quiz_median, _ = summary(outcome["quiz"])
        for label, key in (
            ("quiz page (30 questions)", "quiz"),
            ("results page", "results"),
            (f"CSV export ({outcome['csv_rows']} rows)", "csv"),
            ("per-student page", "student"),
            (f"class grid ({args.students} x {ITEMS_PER_STUDENT})", "grid"),
        ):
            median, p90 = summary(outcome[key])
            print(f"{outcome['database']:<11} {label:<34} {median:>10.1f} {p90:>8.1f} {median / quiz_median:>7.1f}")
    print()
    for outcome in outcomes:
        results_median, _ = summary(outcome["results"])
        csv_median, _ = summary(outcome["csv"])
        print(
            f"{outcome['database']}: SQL statements per results page: {outcome['queries']} for {args.students} "
            f"students, {outcome['queries_small']} for 30 (bounded: {outcome['queries'] == outcome['queries_small']}); "
            f"page {outcome['page_kb']:.0f} KB, {outcome['items']} items analysed; data set up in "
            f"{outcome['setup_s']:.1f} s"
        )
        print(
            f"  targets: results page < 250 ms: {'met' if results_median < 250 else 'MISSED'} "
            f"({results_median:.0f} ms); CSV < 1 s: {'met' if csv_median < 1000 else 'MISSED'} ({csv_median:.0f} ms); "
            f"queries bounded: {'met' if outcome['queries'] == outcome['queries_small'] else 'MISSED'}"
        )
        for label, key in (("per-student page", "student"), ("class grid", "grid")):
            median, _ = summary(outcome[key])
            big_count, small_count = outcome[f"queries_{key}_big"], outcome[f"queries_{key}_small"]
            print(
                f"  {label}: {median:.0f} ms (< 250 ms: {'met' if median < 250 else 'MISSED'}); SQL statements "
                f"{big_count} for {args.students} students, {small_count} for 30 "
                f"(bounded: {'met' if big_count == small_count else 'MISSED'})"
            )


if __name__ == "__main__":
    main()
