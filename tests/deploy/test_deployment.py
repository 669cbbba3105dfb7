"""The deployment the README recommends, run as it will run: nginx (deploy/nginx-quizgen.conf) in front of two
gunicorn app servers (deploy/quizgen.service, deploy/gunicorn.conf.py) on one PostgreSQL and one Redis.

Everything listens on 127.0.0.1 on free ports; PostgreSQL is the test command's throwaway server (a database of
its own is made here), Redis and nginx are started here from Debian's packages.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookiejar import CookieJar
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from quizgen.storage import Attempt, Database, Response, assignment_attempt_rows

from ..conftest import MINI_LESSON
from ..web.conftest import _START_TOKEN, LESSON_ID, csrf_token, hidden_value, postgres_url
from .stack import (
    TEACHER_PASSWORD,
    AppServer,
    Nginx,
    PostgresDatabase,
    Redis,
    locust_command,
    make_exam,
)

# One worker starts the servers once for the whole module.
pytestmark = [pytest.mark.postgres, pytest.mark.timeout(240), pytest.mark.xdist_group("deployment")]

SECRET = "deployment-test-secret-" + "d" * 32
PAGE_DEADLINE = 1.0
"""Seconds within which the catalog and a quiz page must answer while slow clients hold connections."""


@dataclass
class Deployment:
    """The running pieces, and the class the students join."""

    nginx: Nginx
    servers: list[AppServer]
    database_url: str
    join_code: str
    assignment_id: int


@pytest.fixture(scope="module")
def deployment(tmp_path_factory) -> Iterator[Deployment]:
    """nginx, two app servers, one PostgreSQL database and one Redis, started once for this module."""
    folder = tmp_path_factory.mktemp("deployment")
    lessons = folder / "lessons"
    lessons.mkdir()
    shutil.copy(MINI_LESSON, lessons / "mini.yaml")
    database = PostgresDatabase(postgres_url()).create()
    redis = Redis(folder / "redis")
    servers: list[AppServer] = []
    nginx: Nginx | None = None
    try:
        redis.start()
        environment = {
            "DATABASE_URL": database.url,
            "SECRET_KEY": SECRET,
            "QUIZGEN_LESSONS_DIR": str(lessons),
            "QUIZGEN_RATELIMIT_STORAGE": redis.url,
            "QUIZGEN_TRUSTED_PROXIES": "1",
        }
        servers = [AppServer(folder / name, environment) for name in ("server-a", "server-b")]
        servers[0].init_db()
        join_code, assignment_id = make_exam(database.url, LESSON_ID)
        for server in servers:
            server.launch()
        for server in servers:
            server.wait()
        nginx = Nginx(folder / "nginx", servers).start()
        yield Deployment(nginx, servers, database.url, join_code, assignment_id)
    finally:
        if nginx is not None:
            nginx.stop()
        for server in servers:
            server.stop()
        redis.stop()
        database.drop()


class Browser:
    """A browser with its own cookies; redirects are followed, as a browser does."""

    def __init__(self, base_url: str, forwarded_for: str | None = None):
        self.base_url = base_url
        self.forwarded_for = forwarded_for
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def request(self, path: str, data: dict | None = None, timeout: float = 10) -> tuple[int, str, str]:
        """(status, final URL, body) of a GET, or of a POST when ``data`` is given."""
        url = path if "://" in path else self.base_url + path
        request = urllib.request.Request(url, data=urlencode(data).encode() if data is not None else None)
        if self.forwarded_for:
            request.add_header("X-Forwarded-For", self.forwarded_for)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, url, error.read().decode(errors="replace")

    def start_quiz(self, lesson_id: str = LESSON_ID, name: str = "Ana") -> str:
        """Start an attempt without a class; returns the quiz page's URL."""
        _status, _url, page = self.request(f"/lessons/{lesson_id}")
        form = {"csrf_token": csrf_token(page), "start_token": hidden_value(_START_TOKEN, page), "student_name": name}
        status, url, _body = self.request(f"/lessons/{lesson_id}/start", form)
        assert status == 200 and "/attempts/" in url, (status, url)
        return url

    def sign_in(self, email: str, password: str) -> int:
        """Post the sign-in form; the status of the answer (200 after a redirect: signed in)."""
        _status, _url, page = self.request("/teacher/sign-in")
        status, url, _body = self.request(
            "/teacher/sign-in", {"csrf_token": csrf_token(page), "email": email, "password": password}
        )
        return 303 if status == 200 and not url.endswith("/teacher/sign-in") else status


class SlowClients:
    """Slowloris: clients that send a request's headers, or its body, a few bytes at a time and never finish."""

    def __init__(self, address: str, count: int = 10):
        host, port = address.split(":")
        self.sockets: list[socket.socket] = []
        for number in range(count):
            sock = socket.create_connection((host, int(port)), timeout=5)
            if number % 2:
                sock.sendall(f"GET / HTTP/1.1\r\nHost: {address}\r\n".encode())
            else:
                sock.sendall(
                    f"POST /lessons/{LESSON_ID}/start HTTP/1.1\r\nHost: {address}\r\n"
                    "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n".encode()
                )
            self.sockets.append(sock)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._trickle, daemon=True)
        self.thread.start()

    def _trickle(self) -> None:
        while not self.stopped.wait(0.5):
            for number, sock in enumerate(self.sockets):
                with contextlib.suppress(OSError):
                    sock.sendall(b"X-Slow: 1\r\n" if number % 2 else b"a")

    def close(self) -> None:
        """Hang up."""
        self.stopped.set()
        self.thread.join()
        for sock in self.sockets:
            sock.close()


def answer_time(browser: Browser, path: str) -> float:
    """Seconds until ``path`` answered 200, or infinity when it did not answer within :data:`PAGE_DEADLINE`."""
    began = time.monotonic()
    try:
        status, _url, _body = browser.request(path, timeout=PAGE_DEADLINE)
    except OSError:
        return float("inf")
    return time.monotonic() - began if status == 200 else float("inf")


def test_slow_clients_do_not_stop_the_pages_answering(deployment):
    """10 slowloris clients held open against nginx: the catalog and a quiz page still answer within 1 s, every
    time; the same clients against one bare gunicorn server (no proxy) stop it answering."""
    student = Browser(deployment.nginx.url)
    quiz = student.start_quiz()
    slow = SlowClients(f"127.0.0.1:{deployment.nginx.port}")
    try:
        time.sleep(1)  # the slow clients are now a second into their requests
        times = [answer_time(student, path) for _ in range(5) for path in ("/", quiz)]
    finally:
        slow.close()
    assert max(times) < PAGE_DEADLINE, times

    # Without the proxy the slow clients take every sync worker, and pages stop answering: what nginx is for.
    bare = Browser(deployment.servers[1].url)
    slow = SlowClients(deployment.servers[1].address)
    try:
        time.sleep(0.5)
        assert answer_time(bare, "/") == float("inf")
    finally:
        slow.close()


def wrong_passwords_before_throttling(urls: list[str], email: str, address: str, tries: int = 25) -> int:
    """Wrong passwords sent, in turn to each of ``urls``, until one is refused with 429; how many were answered."""
    browsers = [Browser(url, forwarded_for=address) for url in urls]
    for number in range(tries):
        status = browsers[number % len(browsers)].sign_in(email, "not the password")
        if status == 429:
            # Still refused, whichever server answers, even with the right password.
            assert all(browser.sign_in(email, TEACHER_PASSWORD) == 429 for browser in browsers)
            return number
        assert status in (200, 422), status  # the form again, saying the password is wrong
    raise AssertionError(f"{tries} wrong passwords for {email} and none was throttled")


def test_sign_in_throttling_holds_across_both_servers(deployment):
    """Wrong passwords spread over both app servers are throttled after as many tries as on one server alone."""
    make_exam(deployment.database_url, LESSON_ID, email="alone@school.example")
    make_exam(deployment.database_url, LESSON_ID, email="both@school.example")
    server_a, server_b = (server.url for server in deployment.servers)
    # Each run from its own address (the app trusts one proxy's X-Forwarded-For), so only the account counts differ.
    on_one_server = wrong_passwords_before_throttling([server_a], "alone@school.example", "198.51.100.1")
    on_both = wrong_passwords_before_throttling([server_a, server_b], "both@school.example", "198.51.100.2")
    assert on_both == on_one_server


STUDENTS = 40


def test_every_acknowledged_submit_is_stored_graded_and_reported_once_through_a_server_crash(deployment, tmp_path):
    """40 students start, answer and submit through nginx (locust) while one app server is killed with kill -9
    and started again: every submit the server acknowledged is stored whole, graded and in the teacher's report
    exactly once."""
    acknowledged_file = tmp_path / "acknowledged.jsonl"
    load = subprocess.Popen(
        locust_command(
            deployment.nginx.url,
            STUDENTS,
            8,
            "90s",
            lesson=LESSON_ID,
            class_code=deployment.join_code,
            think_time="0.5",
            acknowledged=str(acknowledged_file),
            name_prefix="Crash",
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        time.sleep(2.5)  # students are arriving, starting and submitting
        crashed = deployment.servers[0]
        assert load.poll() is None, "the students were done before the crash"
        crashed.kill()
        time.sleep(0.5)
        crashed.start()
        output, _ = load.communicate(timeout=120)
    finally:
        if load.poll() is None:
            load.kill()
            load.wait()
    acknowledged = [json.loads(line) for line in acknowledged_file.read_text().splitlines()]
    assert len(acknowledged) >= STUDENTS // 2, output

    database = Database(deployment.database_url)
    try:
        with database.session() as session:
            report = assignment_attempt_rows(session, deployment.assignment_id)
            in_report = Counter(row.public_id for row in report)
            stored_items = set()
            for ack in acknowledged:
                assert in_report[ack["attempt"]] == 1, ack
                attempt = session.scalar(select(Attempt).where(Attempt.public_id == ack["attempt"]))
                assert attempt is not None and attempt.student_name == ack["name"]
                assert attempt.submitted_at is not None and attempt.score is not None
                responses = session.scalars(select(Response).where(Response.attempt_id == attempt.id)).all()
                positions = [response.position for response in responses]
                assert positions and len(set(positions)) == len(positions), ack
                assert attempt.score == pytest.approx(sum(response.points for response in responses))
                stored_items.add(len(responses))
            assert len(stored_items) == 1, "every student answered the same number of questions"
    finally:
        database.engine.dispose()

    # The teacher's CSV, through nginx: one row per student per question, each acknowledged student once.
    teacher = Browser(deployment.nginx.url)
    assert teacher.sign_in("teacher@school.example", TEACHER_PASSWORD) == 303
    assignment_url = _assignment_url(deployment)
    status, _url, text = teacher.request(f"{assignment_url}/results.csv")
    assert status == 200
    names = Counter(cell for row in csv.reader(io.StringIO(text)) for cell in row if cell.startswith("Crash-"))
    (questions,) = stored_items
    for ack in acknowledged:
        assert names[ack["name"]] == questions, ack


def _assignment_url(deployment: Deployment) -> str:
    from quizgen.storage import Assignment

    database = Database(deployment.database_url)
    try:
        with database.session() as session:
            assignment = session.get(Assignment, deployment.assignment_id)
            assert assignment is not None
            return f"/teacher/assignments/{assignment.public_id}"
    finally:
        database.engine.dispose()


def test_the_proxy_adds_security_headers_and_serves_static_files(deployment):
    """nginx's own answers (static files, a body over the limit) carry the app's security headers too."""
    with urllib.request.urlopen(f"{deployment.nginx.url}/static/css/site.css", timeout=5) as static:
        assert static.headers["Content-Security-Policy"].startswith("default-src 'self'")
        assert static.headers["X-Frame-Options"] == "DENY"
    # A body over the 1 MB limit is refused from its Content-Length, before nginx reads it or the app sees it.
    with socket.create_connection(("127.0.0.1", deployment.nginx.port), timeout=5) as sock:
        sock.sendall(
            f"POST /lessons/{LESSON_ID}/start HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {2 << 20}\r\n\r\n".encode()
        )
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(4096)
            assert chunk, answer
            answer += chunk
    head = answer.decode(errors="replace").split("\r\n\r\n", 1)[0]
    assert head.startswith("HTTP/1.1 413"), head
    assert "X-Content-Type-Options: nosniff" in head and "Content-Security-Policy: default-src" in head

    # gunicorn's own error page (it refuses more than 100 header fields; nginx passes them on) gets them too.
    crowded = urllib.request.Request(f"{deployment.nginx.url}/", headers={f"X-Extra-{n}": "1" for n in range(120)})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(crowded, timeout=5)
    with refused.value as error_page:
        assert error_page.code == 431  # from gunicorn: nginx never answers 431
        assert error_page.headers["Content-Security-Policy"].startswith("default-src 'self'")
        assert error_page.headers["X-Frame-Options"] == "DENY"
