"""School benchmark: an exam window on the recommended deployment (nginx, gunicorn app servers, Redis), measured
with locust (deploy/locustfile.py).

An exam window is N students arriving evenly over one minute, each opening the lesson, starting with the class
code, loading the 20-question quiz, answering every question, submitting and reading the result, with no pause
between steps (harder than real students, who read).  For each set-up the students per minute double until the
p99 latency over all requests reaches 200 ms or a request fails; the table shows the highest rate that stayed
under it, with the CPU time the app servers and PostgreSQL spent per student.  Latency depends on everything
else the machine is doing; CPU per student does not, so the district estimate (50,000 students starting within
one minute: how many app servers, how big a PostgreSQL) is made from it, at 60 % utilisation.

    .venv/bin/python benchmarks/school.py                       # PostgreSQL x1, PostgreSQL x2, SQLite x1
    .venv/bin/python benchmarks/school.py --window 20 --setups postgres:1

``--window`` shortens the minute for a quick run (the rate is still per minute).  PostgreSQL: ``DATABASE_URL``
when it names a PostgreSQL server (a database is created in it), otherwise a throwaway server started here.
Each app server runs gunicorn as deploy/quizgen.service does, with 2 workers per core + 1; all of it, and the load
generator, shares this machine's cores.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from tests.deploy.stack import AppServer, Nginx, PostgresDatabase, Redis, locust_command, make_exam  # noqa: E402

P99_LIMIT_MS = 200
QUESTIONS = 20
DISTRICT = 50_000
UTILISATION = 0.6
"""Share of an app server's CPU an exam may use while its p99 stays low (queueing grows fast beyond it)."""
SECRET_KEY = "benchmark-secret-key-" + "s" * 32


@dataclass
class Point:
    """One exam window."""

    students_per_minute: int
    requests: int
    failures: int
    p50_ms: float
    p99_ms: float
    app_cpu_ms: float = 0.0
    """CPU time the app servers spent per student."""
    database_cpu_ms: float = 0.0
    """CPU time the PostgreSQL server spent per student (0 for SQLite: it is in the app's)."""

    @property
    def holds(self) -> bool:
        """Every request answered, p99 under the limit."""
        return self.failures == 0 and self.requests > 0 and self.p99_ms < P99_LIMIT_MS


def exam_lesson(lessons: Path) -> str:
    """The id of a shipped lesson with at least :data:`QUESTIONS` questions in its bank."""
    from quizgen.library import LessonLibrary

    for entry in sorted(LessonLibrary(lessons).entries(), key=lambda entry: entry.lesson.id):
        if len(entry.bank) >= QUESTIONS:
            return entry.lesson.id
    raise SystemExit(f"no lesson in {lessons} has {QUESTIONS} questions")


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU seconds of these processes and all their children, so far."""
    import psutil  # installed with locust

    total = 0.0
    for pid in pids:
        try:
            root = psutil.Process(pid)
            for process in [root, *root.children(recursive=True)]:
                times = process.cpu_times()
                total += times.user + times.system
        except psutil.Error:
            continue
    return total


def postmaster_pid(database_url: str) -> int | None:
    """The PostgreSQL server's main process, when it runs on this machine (the parent of our connection's)."""
    import psutil
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            backend = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        parent = psutil.Process(backend).parent()
        return parent.pid if parent else None
    except psutil.Error:
        return None
    finally:
        engine.dispose()


@dataclass
class Site:
    """A running deployment."""

    url: str
    join_code: str
    app_pids: list[int]
    database_pids: list[int]


@contextmanager
def deployment(work: Path, database_url: str, servers: int, lesson_id: str):
    """nginx in front of ``servers`` app servers and one Redis; yields the :class:`Site`."""
    with ExitStack() as stack:
        redis = Redis(work / "redis").start()
        stack.callback(redis.stop)
        environment = {
            "DATABASE_URL": database_url,
            "SECRET_KEY": SECRET_KEY,
            "QUIZGEN_LESSONS_DIR": str(ROOT / "lessons"),
            "QUIZGEN_RATELIMIT_STORAGE": redis.url,
            "QUIZGEN_TRUSTED_PROXIES": "1",
        }
        workers = 2 * (os.cpu_count() or 1) + 1
        app_servers = [AppServer(work / f"server-{number}", environment, workers) for number in range(servers)]
        app_servers[0].init_db()
        join_code, _assignment = make_exam(database_url, lesson_id, count=QUESTIONS)
        for server in app_servers:
            server.launch()
            stack.callback(server.stop)
        for server in app_servers:
            server.wait(timeout=300)
        nginx = Nginx(work / "nginx", app_servers).start()
        stack.callback(nginx.stop)
        postmaster = postmaster_pid(database_url) if database_url.startswith("postgres") else None
        app_pids = [server.process.pid for server in app_servers if server.process]
        yield Site(nginx.url, join_code, app_pids, [postmaster] if postmaster else [])


WARM_UP_PER_MINUTE = 120
WARM_UP_SECONDS = 10


def exam_window(site: Site, lesson_id: str, per_minute: int, window: float, work: Path) -> Point:
    """Run one window of students through locust; the aggregate of every request, and the CPU spent."""
    students = max(1, round(per_minute * window / 60))
    prefix = work / f"locust-{per_minute}"
    command = locust_command(
        site.url, students, students / window, f"{int(window * 3 + 60)}s", lesson=lesson_id, class_code=site.join_code
    )
    app_before, database_before = cpu_seconds(site.app_pids), cpu_seconds(site.database_pids)
    # locust exits 1 when any request failed: that window is then reported as failing, not as a crash.
    subprocess.run([*command, "--csv", str(prefix)], check=False, capture_output=True, timeout=window * 3 + 120)
    app_cpu = cpu_seconds(site.app_pids) - app_before
    database_cpu = cpu_seconds(site.database_pids) - database_before
    with open(f"{prefix}_stats.csv", newline="") as file:
        total = next(row for row in csv.DictReader(file) if row["Name"] == "Aggregated")
    return Point(
        per_minute,
        int(total["Request Count"]),
        int(total["Failure Count"]),
        float(total["50%"] or 0),
        float(total["99%"] or 0),
        app_cpu * 1000 / students,
        database_cpu * 1000 / students,
    )


def sustained(site: Site, lesson_id: str, args, work: Path, label: str) -> tuple[Point | None, Point]:
    """Double the students per minute until a window fails; the last window that held, and the first window."""
    # Warm-up, not measured: every gunicorn worker loads the lesson, builds its item bank and compiles its
    # templates on its first requests; without this the first window's p99 is that one-off cost.
    exam_window(site, lesson_id, WARM_UP_PER_MINUTE, WARM_UP_SECONDS, work)
    best: Point | None = None
    first: Point | None = None
    per_minute = args.start
    while per_minute <= args.max:
        point = exam_window(site, lesson_id, per_minute, args.window, work)
        first = first or point
        report(label, point)
        if not point.holds:
            break
        best = point
        per_minute *= 2
        time.sleep(2)  # let the servers drain between windows
    if best is not None and per_minute <= args.max:
        # One step back between the last rate that held and the one that failed.
        middle = exam_window(site, lesson_id, best.students_per_minute * 3 // 2, args.window, work)
        report(label, middle)
        if middle.holds:
            best = middle
    assert first is not None
    return best, first


def report(label: str, point: Point) -> None:
    """One line per window, as it finishes."""
    print(
        f"  {label:<14} {point.students_per_minute:>6} students/min: p50 {point.p50_ms:>5.0f} ms, "
        f"p99 {point.p99_ms:>5.0f} ms, {point.failures} failed of {point.requests} requests; CPU per student: "
        f"app {point.app_cpu_ms:.0f} ms, PostgreSQL {point.database_cpu_ms:.0f} ms -> "
        + ("holds" if point.holds else "fails"),
        flush=True,
    )


def main() -> None:
    """Measure each set-up and print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--setups", default="postgres:1,postgres:2,sqlite:1", help="database:servers, comma-separated")
    parser.add_argument("--window", type=float, default=60, help="seconds over which the students arrive")
    parser.add_argument("--start", type=int, default=60, help="students per minute of the first window")
    parser.add_argument("--max", type=int, default=20_000, help="highest students per minute tried")
    args = parser.parse_args()
    setups = [(name, int(count)) for name, count in (item.split(":") for item in args.setups.split(","))]
    lesson_id = exam_lesson(ROOT / "lessons")
    print(f"exam: lesson {lesson_id}, {QUESTIONS} questions; {os.cpu_count()} cores; window {args.window:g} s")

    results: list[tuple[str, int, Point | None, Point]] = []
    with ExitStack() as stack:
        server_url = None
        if any(name == "postgres" for name, _count in setups):
            server_url = os.environ.get("DATABASE_URL", "")
            if not server_url.startswith("postgres"):
                from web import throwaway_postgres  # benchmarks/web.py

                server_url = stack.enter_context(throwaway_postgres())
        for name, servers in setups:
            work = Path(tempfile.mkdtemp(prefix="quizgen-school."))
            stack.callback(shutil.rmtree, work, True)
            if name == "postgres":
                assert server_url, "PostgreSQL is needed for this set-up"
                database = PostgresDatabase(server_url, prefix="quizgen_school").create()
                database_url = database.url
            else:
                database, database_url = None, f"sqlite:///{work / 'quizgen.sqlite3'}"
            label = f"{name} x{servers}"
            try:
                with deployment(work, database_url, servers, lesson_id) as site:
                    results.append((label, servers, *sustained(site, lesson_id, args, work, label)))
            finally:
                if database is not None:
                    database.drop()

    cores = os.cpu_count() or 1
    print(f"\nstudents per minute sustained with p99 < {P99_LIMIT_MS} ms ({cores} cores, load generator included)")
    print(f"{'set-up':<16}{'students/min':>14}{'p50 ms':>9}{'p99 ms':>9}{'app CPU/student':>17}{'PG CPU/student':>16}")
    for label, _servers, point, first in results:
        shown = first if point is None else point
        rate = f"< {args.start}" if point is None else str(point.students_per_minute)
        print(
            f"{label:<16}{rate:>14}{shown.p50_ms:>9.0f}{shown.p99_ms:>9.0f}"
            f"{shown.app_cpu_ms:>14.0f} ms{shown.database_cpu_ms:>13.0f} ms"
        )
    postgres = [(point or first) for label, _servers, point, first in results if label.startswith("postgres")]
    if postgres:
        # CPU per student does not depend on how busy the machine is; latency does.  An app server kept under
        # UTILISATION of its cores keeps its p99 low; PostgreSQL's share is summed over every app server.
        app_ms = min(point.app_cpu_ms for point in postgres)
        database_ms = min(point.database_cpu_ms for point in postgres)
        per_server = cores * 60_000 * UTILISATION / app_ms if app_ms else float("inf")
        print(
            f"\n{DISTRICT:,} students starting within one minute: {DISTRICT * app_ms / 60_000:.0f} cores busy for a "
            f"minute in the app servers ({app_ms:.0f} ms each), {DISTRICT * database_ms / 60_000:.0f} in PostgreSQL "
            f"({database_ms:.0f} ms each); at {UTILISATION:.0%} utilisation that is {math.ceil(DISTRICT / per_server)} "
            f"app servers of {cores} cores ({per_server:.0f} students/min each) and a PostgreSQL server of "
            f"{math.ceil(DISTRICT * database_ms / 60_000 / UTILISATION)} cores"
        )


if __name__ == "__main__":
    main()
