"""School benchmark: an exam window on the recommended deployment (nginx, gunicorn app servers, Redis), measured
with locust (deploy/locustfile.py).

An exam window is N students arriving evenly over one minute, each opening the lesson, starting with the class
code, loading the 20-question quiz, answering every question, submitting and reading the result, with no pause
between steps (harder than real students, who read).  For each set-up the students per minute double until the
p99 latency over all requests reaches 200 ms or a request fails; the table shows the highest rate that stayed
under it, then how many servers a district of 50,000 students starting within one minute would need.

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
SECRET_KEY = "benchmark-secret-key-" + "s" * 32


@dataclass
class Point:
    """One exam window."""

    students_per_minute: int
    requests: int
    failures: int
    p50_ms: float
    p99_ms: float

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


@contextmanager
def deployment(work: Path, database_url: str, servers: int, lesson_id: str):
    """nginx in front of ``servers`` app servers and one Redis; yields (site URL, class join code)."""
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
            server.wait()
        nginx = Nginx(work / "nginx", app_servers).start()
        stack.callback(nginx.stop)
        yield nginx.url, join_code


def exam_window(url: str, lesson_id: str, join_code: str, per_minute: int, window: float, work: Path) -> Point:
    """Run one window of students through locust; the aggregate of every request."""
    students = max(1, round(per_minute * window / 60))
    prefix = work / f"locust-{per_minute}"
    command = locust_command(
        url, students, students / window, f"{int(window * 3 + 60)}s", lesson=lesson_id, class_code=join_code
    )
    subprocess.run([*command, "--csv", str(prefix)], check=True, capture_output=True, timeout=window * 3 + 120)
    with open(f"{prefix}_stats.csv", newline="") as file:
        total = next(row for row in csv.DictReader(file) if row["Name"] == "Aggregated")
    return Point(
        per_minute,
        int(total["Request Count"]),
        int(total["Failure Count"]),
        float(total["50%"] or 0),
        float(total["99%"] or 0),
    )


def sustained(url: str, lesson_id: str, join_code: str, args, work: Path, label: str) -> Point | None:
    """Double the students per minute until the window fails; the last window that held."""
    best = None
    per_minute = args.start
    while per_minute <= args.max:
        point = exam_window(url, lesson_id, join_code, per_minute, args.window, work)
        verdict = "holds" if point.holds else "fails"
        print(
            f"  {label:<14} {per_minute:>6} students/min: p50 {point.p50_ms:>5.0f} ms, p99 {point.p99_ms:>5.0f} ms, "
            f"{point.failures} failed of {point.requests} requests -> {verdict}",
            flush=True,
        )
        if not point.holds:
            break
        best = point
        per_minute *= 2
        time.sleep(2)  # let the servers drain between windows
    if best is not None and per_minute <= args.max:
        # One step back between the last rate that held and the one that failed.
        middle = exam_window(url, lesson_id, join_code, best.students_per_minute * 3 // 2, args.window, work)
        print(
            f"  {label:<14} {middle.students_per_minute:>6} students/min: p99 {middle.p99_ms:>5.0f} ms, "
            f"{middle.failures} failed -> {'holds' if middle.holds else 'fails'}",
            flush=True,
        )
        if middle.holds:
            best = middle
    return best


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

    results: list[tuple[str, int, Point | None]] = []
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
                with deployment(work, database_url, servers, lesson_id) as (url, join_code):
                    results.append((label, servers, sustained(url, lesson_id, join_code, args, work, label)))
            finally:
                if database is not None:
                    database.drop()

    print(
        f"\nstudents per minute sustained with p99 < {P99_LIMIT_MS} ms ({os.cpu_count()} cores, load generator included)"
    )
    print(f"{'set-up':<16}{'students/min':>14}{'p50 ms':>9}{'p99 ms':>9}")
    for label, _servers, point in results:
        if point is None:
            print(f"{label:<16}{'< ' + str(args.start):>14}")
        else:
            print(f"{label:<16}{point.students_per_minute:>14}{point.p50_ms:>9.0f}{point.p99_ms:>9.0f}")
    postgres_one = next((point for label, servers, point in results if label == "postgres x1" and point), None)
    if postgres_one:
        servers_needed = math.ceil(DISTRICT / postgres_one.students_per_minute)
        print(
            f"\n{DISTRICT:,} students starting within one minute: {servers_needed} app servers like this machine "
            f"({postgres_one.students_per_minute} students/min each, one PostgreSQL server behind them)"
        )


if __name__ == "__main__":
    main()
