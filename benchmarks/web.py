"""Web benchmark: the student quiz under gunicorn (2 workers, 127.0.0.1) and wrk, beside a minimal Flask baseline.

One run measures, on the same server settings and for each database:

    baseline      GET  a minimal Flask page (the same gunicorn command, another app)
    quiz page     GET  /attempts/<id>  (every request another student's attempt and variant)
    submit        POST /attempts/<id>  (every request a fresh attempt: CSRF, tamper checks, grading,
                                        the conditional UPDATE, the response INSERTs and the COMMIT)

and prints requests/s, p50 and p99 latency and the ratio to the baseline.  Attempts,
session cookies and form bodies are prepared beforehand (the app's own storage code
and session signing), so the server does the real work and nothing else; the app has
no benchmark hooks.

    .venv/bin/python benchmarks/web.py                    # SQLite and PostgreSQL, 10 s per run
    .venv/bin/python benchmarks/web.py --databases sqlite --duration 5

PostgreSQL: ``DATABASE_URL`` when it names a PostgreSQL server, otherwise a throwaway
server started here (like scripts/test, but with PostgreSQL's durable defaults).
Targets (issue 3): quiz page >= 50 % and submit >= 20 % of the baseline's requests/s,
p99 < 50 ms at 50 connections.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, abort, jsonify, request, session
from flask_wtf.csrf import CSRFProtect

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
SECRET_KEY = "benchmark-secret-key-" + "b" * 32
DEFAULT_LESSON = ROOT / "tests" / "fixtures" / "mini.yaml"

# The baseline: the smallest useful Flask page, served by the same gunicorn command.
baseline_app = Flask("baseline")


@baseline_app.get("/")
def baseline_page():
    return "<!doctype html><html lang=en><title>Baseline</title><p>Hello from Flask.</p></html>"


# The floor of a save: what any autosave keeping the same guarantees does at least (the signed session cookie that
# says whose attempt it is, Flask-WTF's CSRF check, the form, one conditional UPDATE committed as durably as
# quizgen's drafts), and nothing of quizgen's.  Served by the same gunicorn command, on the same database, with the real saves' form bodies.
floor_app = Flask("floor")
floor_app.config["SECRET_KEY"] = SECRET_KEY
CSRFProtect(floor_app)
FLOOR_TABLE = "benchmark_floor_draft"
_floor_engine = None


@floor_app.get("/")
def floor_page():
    return "floor"


@floor_app.post("/floor/<attempt_id>/save")
def floor_save(attempt_id: str):
    from sqlalchemy import text

    from quizgen.storage import make_engine

    global _floor_engine
    if attempt_id not in session.get("attempts", ()):
        abort(403)
    seq = request.form.get("seq", "")
    if not seq.isdigit():
        abort(400)
    draft = {name: request.form.getlist(name) for name in request.form if name not in ("seq", "csrf_token")}
    if _floor_engine is None:
        _floor_engine = make_engine(os.environ["DATABASE_URL"])
    with _floor_engine.connect() as connection:
        if _floor_engine.dialect.name == "postgresql":
            # As durable as quizgen's drafts: the commit does not wait for the disk.
            connection.execute(text("SET LOCAL synchronous_commit TO OFF"))
        row = connection.execute(
            text(f"UPDATE {FLOOR_TABLE} SET draft = :draft, seq = seq + 1 WHERE id = :id AND seq = :seq RETURNING seq"),
            {"draft": json.dumps(draft), "id": attempt_id, "seq": int(seq)},
        ).first()
        connection.commit()
    if row is None:
        return jsonify(error="stale"), 409
    return jsonify(seq=row.seq, message="Saved")


def write_floor_saves(database_url: str, requests: dict[Path, Path]) -> None:
    """The floor's requests for each file of real autosave requests (source: target), a line for a line: the same
    form body, with the floor's own row, session cookie and CSRF token."""
    from urllib.parse import parse_qsl, urlencode

    from flask_wtf.csrf import generate_csrf
    from sqlalchemy import text

    from quizgen.storage import make_engine

    signer = floor_app.session_interface.get_signing_serializer(floor_app)
    rows: list[dict] = []
    for source, target in requests.items():
        lines = []
        for line in source.read_text(encoding="utf-8").splitlines():
            body = [
                field for field in parse_qsl(line.split("\t")[2], keep_blank_values=True) if field[0] != "csrf_token"
            ]
            attempt_id = f"floor{len(rows)}"
            rows.append({"id": attempt_id, "seq": int(dict(body)["seq"])})
            with floor_app.test_request_context():
                session["attempts"] = [attempt_id]
                token = generate_csrf()
                cookie = signer.dumps(dict(session))
            lines.append(f"/floor/{attempt_id}/save\t{cookie}\t{urlencode([('csrf_token', token), *body])}\n")
        target.write_text("".join(lines), encoding="utf-8")
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text(f"DROP TABLE IF EXISTS {FLOOR_TABLE}"))
        connection.execute(text(f"CREATE TABLE {FLOOR_TABLE} (id VARCHAR(40) PRIMARY KEY, seq INTEGER, draft TEXT)"))
        connection.execute(text(f"INSERT INTO {FLOOR_TABLE} (id, seq, draft) VALUES (:id, :seq, '{{}}')"), rows)
    engine.dispose()


WRK_SCRIPT = r"""
-- Each thread sends its own share of prepared requests (path, cookie, body per line).
local counter = 1
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

local requests = {}
local index = 0
local once = false
function init(args)
  local file, method, threads = args[1], args[2], tonumber(args[3])
  once = args[4] == "once"
  local line_number = 0
  for line in io.lines(file) do
    if line_number % threads == id - 1 then
      local path, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
      local headers = {["Cookie"] = "session=" .. cookie}
      if method == "POST" then
        headers["Content-Type"] = "application/x-www-form-urlencoded"
      else
        body = nil
      end
      requests[#requests + 1] = wrk.format(method, path, headers, body)
    end
    line_number = line_number + 1
  end
end

function request()
  index = index + 1
  if index > #requests then
    if once then wrk.thread:stop() end
    index = 1
  end
  return requests[index]
end

function done(summary, latency, requests)
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "status_errors": %d, "socket_errors": %d, ' ..
    '"p50_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


@dataclass
class Measurement:
    """One wrk run."""

    database: str
    endpoint: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status < 500:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"server at {url} did not come up") from None
            time.sleep(0.2)


@contextmanager
def gunicorn(
    app_spec: str,
    env: dict[str, str],
    workers: int | None,
    worker_class: str | None,
    chdir: Path,
    config: Path | None = None,
):
    """gunicorn serving ``app_spec`` on a free port of 127.0.0.1; yields the base URL.

    With ``config`` (the deployment's ``deploy/gunicorn.conf.py``) its settings apply, workers and worker class
    included unless given here; its access log (to standard output, as under systemd) is written to /dev/null.
    """
    port = free_port()
    command = [str(VENV_BIN / "gunicorn")]
    if config is not None:
        command += ["--config", str(config)]
    if workers is not None:
        command += ["--workers", str(workers)]
    if worker_class is not None:
        command += ["--worker-class", worker_class]
    command += [
        "--bind",
        f"127.0.0.1:{port}",
        "--chdir",
        str(chdir),
        "--log-level",
        "warning",
        "--backlog",
        "2048",
        app_spec,
    ]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL if config is not None else None)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(base_url + "/")
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=30)


def run_wrk(
    url: str, requests_file: Path, method: str, mode: str, duration: float, connections: int, threads: int, script: Path
) -> dict:
    command = [
        "wrk",
        "--threads",
        str(threads),
        "--connections",
        str(connections),
        "--duration",
        f"{duration:g}s",
        "--timeout",
        "10s",
        "--script",
        str(script),
        url,
        "--",
        str(requests_file),
        method,
        str(threads),
        mode,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("WRK_JSON "))
    return json.loads(line[len("WRK_JSON ") :])


def measurement(database: str, endpoint: str, result: dict) -> Measurement:
    seconds = result["duration_us"] / 1e6
    return Measurement(
        database,
        endpoint,
        result["requests"] / seconds,
        result["p50_us"] / 1000,
        result["p99_us"] / 1000,
        result["status_errors"] + result["socket_errors"],
        result["requests"],
    )


def write_open_attempts(app, quizzes, target: Path, suffix: str, answers) -> None:
    """Store one open attempt per quiz and write a line per attempt for wrk: the request path (the attempt's
    address plus ``suffix``), a signed session cookie that owns it (with a CSRF token), and the form body
    ``answers(quiz)`` at sequence number 0."""
    from urllib.parse import urlencode

    from flask import session
    from flask_wtf.csrf import generate_csrf

    from quizgen.quiz import QuizOptions, variant_code
    from quizgen.storage import Attempt

    entry = app.extensions["quizgen.library"].entries()[0]
    options = QuizOptions()
    attempts = [
        Attempt(
            lesson_id=entry.lesson.id,
            lesson_hash=entry.content_hash,
            variant_code=variant_code(quiz.seed),
            seed=quiz.seed,
            options=options.describe(),
            student_name=f"Student {n}",
            max_score=quiz.max_points,
        )
        for n, quiz in enumerate(quizzes)
    ]
    database = app.extensions["quizgen.database"]
    with database.session() as db:
        db.add_all(attempts)
        db.commit()
    signer = app.session_interface.get_signing_serializer(app)
    with target.open("w", encoding="utf-8") as out:
        for attempt, quiz in zip(attempts, quizzes, strict=True):
            with app.test_request_context():
                session["attempts"] = [attempt.public_id]
                token = generate_csrf()
                cookie = signer.dumps(dict(session))
            body = urlencode({"csrf_token": token, "seq": "0", **answers(quiz)}, doseq=True)
            out.write(f"/attempts/{attempt.public_id}{suffix}\t{cookie}\t{body}\n")
    database.engine.dispose()


def prepare_requests(database_url: str, lessons_dir: Path, instance: Path, count: int, target: Path) -> None:
    """Create ``count`` open attempts and write one line per attempt: its path, a signed session cookie
    that owns it (with a CSRF token), and the form body of a fully answered quiz."""
    sys.path.insert(0, str(ROOT))
    from quizgen.quiz import QuizOptions, build_quiz, random_seed
    from quizgen.web import create_app
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
    quizzes = [build_quiz(entry.lesson, random_seed(), QuizOptions()) for _ in range(count)]
    write_open_attempts(app, quizzes, target, "", lambda quiz: form_data(quiz, "right"))


def submitted_count(database_url: str) -> int:
    from sqlalchemy import func, select

    from quizgen.storage import Attempt, Database

    database = Database(database_url)
    with database.session() as db:
        count = db.scalar(select(func.count()).select_from(Attempt).where(Attempt.submitted_at.is_not(None)))
    database.engine.dispose()
    return count


@contextmanager
def throwaway_postgres():
    """A PostgreSQL server for this run only (needs Debian's postgresql package); yields its URL or None."""
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: [int(x) for x in p.parent.name.split(".")])
    if not bins:
        print("PostgreSQL binaries not found under /usr/lib/postgresql: skipping PostgreSQL", file=sys.stderr)
        yield None
        return
    pg_bin = bins[-1]
    directory = Path(tempfile.mkdtemp(prefix="quizgen-bench-pg."))
    port = free_port()

    def as_postgres(*command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(prefix + list(command), check=True, stdout=subprocess.DEVNULL)

    if os.geteuid() == 0:
        shutil.chown(directory, "postgres")
    try:
        as_postgres(
            str(pg_bin / "initdb"), "-D", str(directory / "data"), "-U", "quizgen", "--auth=trust", "-E", "UTF8"
        )
        as_postgres(
            str(pg_bin / "pg_ctl"),
            "-D",
            str(directory / "data"),
            "-l",
            str(directory / "log"),
            "-w",
            "-o",
            f"-c listen_addresses=127.0.0.1 -p {port} -k {directory} -c max_connections=200",
            "start",
        )
        as_postgres(str(pg_bin / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "quizgen", "quizgen_bench")
        yield f"postgresql+psycopg://quizgen@127.0.0.1:{port}/quizgen_bench"
    finally:
        subprocess.run(
            (["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else [])
            + [str(pg_bin / "pg_ctl"), "-D", str(directory / "data"), "-m", "fast", "stop"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(directory, ignore_errors=True)


def bench_database(name: str, database_url: str, args, work: Path, script: Path) -> list[Measurement]:
    lessons = work / "lessons"
    requests_file = work / f"{name}-requests.tsv"
    print(f"[{name}] preparing {args.attempts} attempts ...", file=sys.stderr, flush=True)
    prepare_requests(database_url, lessons, work / "instance", args.attempts, requests_file)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET_KEY,
        "QUIZGEN_LESSONS_DIR": str(lessons),
        "QUIZGEN_INSTANCE_PATH": str(work / "instance"),
    }
    settings = {"workers": args.workers, "worker_class": args.worker_class}
    wrk = {"duration": args.duration, "connections": args.connections, "threads": args.threads, "script": script}
    results = []
    with gunicorn("web:baseline_app", env, chdir=ROOT / "benchmarks", **settings) as url:
        baseline_lines = work / "baseline.tsv"
        baseline_lines.write_text("/\tnone\t\n" * args.threads * 10, encoding="utf-8")
        run_wrk(url, baseline_lines, "GET", "cycle", **{**wrk, "duration": 2})  # warm-up
        results.append(measurement(name, "baseline GET", run_wrk(url, baseline_lines, "GET", "cycle", **wrk)))
    with gunicorn("app:app", env, chdir=ROOT, **settings) as url:
        run_wrk(url, requests_file, "GET", "cycle", **{**wrk, "duration": 2})  # warm-up
        results.append(measurement(name, "quiz page GET", run_wrk(url, requests_file, "GET", "cycle", **wrk)))
        submit = measurement(name, "submit POST", run_wrk(url, requests_file, "POST", "once", **wrk))
        results.append(submit)
    stored = submitted_count(database_url)
    print(
        f"[{name}] {submit.requests} submit requests, {submit.errors} errors, {stored} attempts stored as submitted",
        file=sys.stderr,
        flush=True,
    )
    return results


def print_table(results: list[Measurement], args) -> None:
    print(
        f"\nquizgen web benchmark: gunicorn {args.workers} {args.worker_class} workers on 127.0.0.1, "
        f"wrk {args.threads} threads, {args.connections} connections, {args.duration:g} s per run, "
        f"{os.cpu_count()} CPUs"
    )
    print(
        f"{'database':<11} {'endpoint':<14} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'vs baseline':>12} {'errors':>7}"
    )
    baselines = {m.database: m.requests_per_second for m in results if m.endpoint == "baseline GET"}
    for m in results:
        ratio = m.requests_per_second / baselines[m.database]
        print(
            f"{m.database:<11} {m.endpoint:<14} {m.requests_per_second:>8.0f} {m.p50_ms:>8.1f} {m.p99_ms:>8.1f} "
            f"{ratio:>11.0%} {m.errors:>7}"
        )
    print("targets: quiz page GET >= 50 % and submit POST >= 20 % of the baseline's req/s; p99 < 50 ms")
    for m in results:
        if m.endpoint == "baseline GET":
            continue
        ratio = m.requests_per_second / baselines[m.database]
        wanted = 0.5 if m.endpoint.startswith("quiz") else 0.2
        misses = [f"ratio {ratio:.0%} < {wanted:.0%}"] if ratio < wanted else []
        misses += [f"p99 {m.p99_ms:.1f} ms >= 50 ms"] if m.p99_ms >= 50 else []
        misses += [f"{m.errors} errors"] if m.errors else []
        print(f"  {m.database} {m.endpoint}: {'MISSED: ' + '; '.join(misses) if misses else 'met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    parser.add_argument("--duration", type=float, default=10, help="seconds per measured run")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class (same for every run)")
    parser.add_argument("--attempts", type=int, default=20000, help="attempts prepared per database")
    parser.add_argument("--lesson", type=Path, default=DEFAULT_LESSON, help="lesson file to quiz on")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")

    results: list[Measurement] = []
    with tempfile.TemporaryDirectory(prefix="quizgen-bench.") as temporary:
        work = Path(temporary)
        (work / "lessons").mkdir()
        shutil.copy(args.lesson, work / "lessons" / args.lesson.name)
        script = work / "requests.lua"
        script.write_text(WRK_SCRIPT, encoding="utf-8")
        wanted = [name.strip() for name in args.databases.split(",") if name.strip()]
        if "sqlite" in wanted:
            results += bench_database("sqlite", f"sqlite:///{work / 'bench.sqlite3'}", args, work, script)
        if "postgresql" in wanted:
            given = os.environ.get("DATABASE_URL", "")
            if given.startswith(("postgres://", "postgresql")):
                results += bench_database("postgresql", given, args, work, script)
            else:
                with throwaway_postgres() as url:
                    if url:
                        results += bench_database("postgresql", url, args, work, script)
    print_table(results, args)


if __name__ == "__main__":
    main()
