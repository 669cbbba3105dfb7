"""The production deployment of ``deploy/``, started on 127.0.0.1 with free ports: Redis, gunicorn app servers as
``deploy/quizgen.service`` runs them, and nginx with ``deploy/nginx-quizgen.conf``.

Each piece reads the shipped file and changes only what must differ on a test machine: the checkout's path
(``/srv/quizgen``), the ports, and nginx's own folders.  The deployment test and ``benchmarks/school.py`` use it.
"""

from __future__ import annotations

import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent.parent
DEPLOY = ROOT / "deploy"
VENV_BIN = Path(sys.executable).parent
INSTALL_DIR = "/srv/quizgen"
"""Where deploy/ expects the checkout; replaced by this checkout."""


class StackError(RuntimeError):
    """A piece of the deployment did not start; the message carries the end of its log."""


def free_port() -> int:
    """A TCP port nobody listens on now, on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def wait_for_http(url: str, process: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    """Wait until ``url`` answers with anything but a connection error; fail with the log if the process died."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise StackError(f"{process.args[0]} exited with {process.returncode}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            if time.monotonic() > deadline:
                raise StackError(f"nothing answered at {url} within {timeout} s:\n{_tail(log)}") from None
            time.sleep(0.1)


def _stop(process: subprocess.Popen | None, sig: int = signal.SIGTERM, timeout: float = 15) -> None:
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


class Redis:
    """Debian's redis-server, in memory only, on a free port of 127.0.0.1."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """The ``redis://`` URL of database 0."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> Redis:
        """Start the server and wait for it to accept connections."""
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not Path(binary).exists():
            raise StackError("redis-server is missing: scripts/bootstrap --test installs Debian's redis-server")
        self.folder.mkdir(parents=True, exist_ok=True)
        log = self.folder / "redis.log"
        self.process = subprocess.Popen(
            [
                binary,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
                "--logfile",
                str(log),
            ],
            start_new_session=True,
        )
        deadline = time.monotonic() + 15
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise StackError(f"redis-server did not start:\n{_tail(log)}")
            time.sleep(0.1)

    def stop(self) -> None:
        """Stop the server."""
        _stop(self.process)


class PostgresDatabase:
    """A database of its own on the PostgreSQL server at ``server_url``, dropped by :meth:`drop`."""

    def __init__(self, server_url: str, prefix: str = "quizgen_deploy"):
        from quizgen.storage import normalize_database_url

        self.server_url = normalize_database_url(server_url)
        self.name = f"{prefix}_{secrets.token_hex(4)}"
        self.url = make_url(self.server_url).set(database=self.name).render_as_string(hide_password=False)

    def create(self) -> PostgresDatabase:
        """Create the (empty) database."""
        self._admin(f'CREATE DATABASE "{self.name}"')
        return self

    def drop(self) -> None:
        """Drop the database, ending any connection still open to it."""
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def _admin(self, statement: str) -> None:
        engine = create_engine(self.server_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text(statement))
        finally:
            engine.dispose()


def _unit_command(key: str) -> list[str]:
    """A command line of ``deploy/quizgen.service`` (``ExecStart``, ``ExecStartPre``) for this checkout."""
    unit = (DEPLOY / "quizgen.service").read_text()
    match = re.search(rf"^{key}=(.+)$", unit, re.MULTILINE)
    if not match:
        raise StackError(f"deploy/quizgen.service has no {key}= line")
    line = match.group(1).replace(f"{INSTALL_DIR}/.venv/bin/", f"{VENV_BIN}/").replace(INSTALL_DIR, str(ROOT))
    return shlex.split(line)


def _unit_working_directory() -> Path:
    unit = (DEPLOY / "quizgen.service").read_text()
    match = re.search(r"^WorkingDirectory=(.+)$", unit, re.MULTILINE)
    return Path(match.group(1).replace(INSTALL_DIR, str(ROOT))) if match else ROOT


class AppServer:
    """One app server: gunicorn started with the unit's ExecStart, as systemd would, in its own process group."""

    def __init__(self, folder: Path, environment: dict[str, str], workers: int = 2):
        self.folder = folder
        self.port = free_port()
        self.environment = {
            **environment,
            "QUIZGEN_INSTANCE_PATH": str(folder / "instance"),
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_CMD_ARGS": f"--bind=127.0.0.1:{self.port} --access-logfile=-",
        }
        self.process: subprocess.Popen | None = None
        self.log = folder / "gunicorn.log"

    @property
    def address(self) -> str:
        """host:port, as nginx's upstream lists it."""
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """The server's own address, bypassing nginx."""
        return f"http://{self.address}"

    def init_db(self) -> None:
        """Run the unit's ExecStartPre (settings check and schema upgrade)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            _unit_command("ExecStartPre"),
            cwd=_unit_working_directory(),
            env={**os.environ, **self.environment},
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode:
            raise StackError(f"init-db failed:\n{result.stdout}\n{result.stderr}")

    def start(self) -> AppServer:
        """Start gunicorn and wait until it answers."""
        return self.launch().wait()

    def launch(self) -> AppServer:
        """Start gunicorn (without waiting: several servers start side by side)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                _unit_command("ExecStart"),
                cwd=_unit_working_directory(),
                env={**os.environ, **self.environment},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def wait(self, timeout: float = 60) -> AppServer:
        """Wait until the launched server answers (its first page loads every lesson: many lessons take long)."""
        assert self.process is not None, "launch() first"
        wait_for_http(self.url + "/", self.process, self.log, timeout=timeout)
        return self

    def kill(self) -> None:
        """kill -9 the master and every worker at once (the whole process group, as a machine failing would)."""
        _stop(self.process, signal.SIGKILL)

    def stop(self) -> None:
        """Stop gracefully (SIGTERM to the group, as systemd's KillMode=control-group does)."""
        _stop(self.process)


class Nginx:
    """Debian's nginx with the shipped site, in front of ``servers``, on a free port of 127.0.0.1."""

    def __init__(self, folder: Path, servers: list[AppServer]):
        self.folder = folder
        self.servers = servers
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """The site's address."""
        return f"http://127.0.0.1:{self.port}"

    def site(self) -> str:
        """deploy/nginx-quizgen.conf with this machine's ports and paths."""
        from quizgen.settings import PACKAGE_DIR

        site = (DEPLOY / "nginx-quizgen.conf").read_text()
        upstream = re.compile(r"^(\s*)server 127\.0\.0\.1:8000 (.*);$", re.MULTILINE)
        indent, options = upstream.search(site).groups()  # type: ignore[union-attr]
        servers = "\n".join(f"{indent}server {server.address} {options};" for server in self.servers)
        site = upstream.sub(lambda _match: servers, site)
        site = site.replace("listen 80 default_server;", f"listen 127.0.0.1:{self.port};")
        site = site.replace("listen [::]:80 default_server;\n", "")
        return site.replace(f"alias {INSTALL_DIR}/static/;", f"alias {PACKAGE_DIR / 'static'}/;")

    def start(self) -> Nginx:
        """Write the configuration (Debian's mime types, the site) and start nginx in the foreground."""
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(binary).exists():
            raise StackError("nginx is missing: scripts/bootstrap --test installs Debian's nginx")
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "site.conf").write_text(self.site())
        temp = {name: self.folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
        for path in temp.values():
            path.mkdir(exist_ok=True)
        # As root, nginx's workers would run as nobody, who may not read the test's folders.
        user = "user root root;\n" if os.geteuid() == 0 else ""
        (self.folder / "nginx.conf").write_text(
            f"{user}worker_processes 1;\npid {self.folder / 'nginx.pid'};\n"
            f"error_log {self.folder / 'error.log'} warn;\ndaemon off;\n"
            "events { worker_connections 1024; }\n"
            "http {\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
            f"    access_log {self.folder / 'access.log'};\n"
            f"    client_body_temp_path {temp['body']};\n    proxy_temp_path {temp['proxy']};\n"
            f"    fastcgi_temp_path {temp['fastcgi']};\n    uwsgi_temp_path {temp['uwsgi']};\n"
            f"    scgi_temp_path {temp['scgi']};\n"
            f"    include {self.folder / 'site.conf'};\n}}\n"
        )
        log = self.folder / "error.log"
        self.process = subprocess.Popen(
            [binary, "-p", str(self.folder), "-c", str(self.folder / "nginx.conf"), "-e", str(log)],
            start_new_session=True,
        )
        wait_for_http(self.url + "/static/print.css", self.process, log, timeout=15)
        return self

    def stop(self) -> None:
        """Stop nginx."""
        _stop(self.process, signal.SIGQUIT)


TEACHER_PASSWORD = "correct horse battery staple"


def make_exam(database_url: str, lesson_id: str, count: int | None = None, email: str = "teacher@school.example"):
    """A teacher (password :data:`TEACHER_PASSWORD`), a class and the lesson assigned to it, stored straight in the
    database; returns (class join code, assignment id)."""
    from werkzeug.security import generate_password_hash

    from quizgen.quiz import QuizOptions
    from quizgen.storage import Database, create_assignment, create_class, create_teacher, format_join_code

    database = Database(database_url)
    try:
        with database.session() as session:
            # scrypt as the app uses it, at a lower cost: the tests sign in many times.
            teacher = create_teacher(session, email, generate_password_hash(TEACHER_PASSWORD, method="scrypt:1024:8:1"))
            school_class = create_class(session, teacher.id, "8B")
            assignment = create_assignment(
                session,
                school_class.id,
                lesson_id,
                QuizOptions(count=count).describe(),
                class_seed=secrets.randbelow(1_000_000),
            )
            return format_join_code(school_class.join_code), assignment.id
    finally:
        database.engine.dispose()


def locust_command(host: str, students: int, per_second: float, run_time: str, **options: str) -> list[str]:
    """The locust command running ``students`` through deploy/locustfile.py against ``host``; ``options`` are the
    locustfile's own (``class_code="K7Q-M2X"`` becomes ``--class-code K7Q-M2X``)."""
    command = [str(VENV_BIN / "locust"), "-f", str(DEPLOY / "locustfile.py"), "--headless", "--only-summary"]
    command += ["--host", host, "--users", str(students), "--spawn-rate", str(per_second), "--run-time", run_time]
    for name, value in options.items():
        command += [f"--{name.replace('_', '-')}", value]
    return command
