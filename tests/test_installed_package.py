"""The wheel works installed outside the checkout: the CLI, the PDFs and the web app under gunicorn.

The wheel is built from a copy of the package's own files, installed into a
fresh virtual environment, and run from an unrelated directory, so nothing
can be found through the checkout.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import MINI_LESSON, ROOT

LESSON_ID = "harbour-festival"
KOREAN_LESSON = ROOT / "tests" / "pdf" / "fixtures" / "ko-mini.yaml"
SETTING_NAMES = (
    "QUIZGEN_LESSONS_DIR",
    "QUIZGEN_INSTANCE_PATH",
    "DATABASE_URL",
    "SECRET_KEY",
    "QUIZGEN_SECURE_COOKIES",
    "QUIZGEN_BASE_URL",
    "QUIZGEN_TIMEZONE",
    "QUIZGEN_RATELIMIT_STORAGE",
    "QUIZGEN_TRUSTED_PROXIES",
    "QUIZGEN_PDF_CACHE",
    "QUIZGEN_PDF_CACHE_MAX_MB",
)


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, **kwargs)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _clean_environment() -> dict[str, str]:
    # Nothing from this checkout or this test run may leak into the installed package's processes.
    leaking = {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP", *SETTING_NAMES}
    return {name: value for name, value in os.environ.items() if name not in leaking}


def _files_under(folder: Path) -> dict[str, int]:
    return {str(path.relative_to(folder)): path.stat().st_mtime_ns for path in folder.rglob("*") if path.is_file()}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _wheelhouse() -> Path:
    # Dependencies and build requirements are downloaded once per test environment; later runs need no network.
    return Path(sys.prefix) / "quizgen-test-wheelhouse"


def _pip(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "pip", "--disable-pip-version-check", *arguments]


def _from_wheelhouse(command: list[str], *requirements: str) -> None:
    """Run a pip command offline from the wheelhouse; when something is missing there, download it first."""
    offline = [*command, "--no-index", "--find-links", str(_wheelhouse())]
    if subprocess.run(offline, capture_output=True, env=_clean_environment(), timeout=300).returncode != 0:
        _run(_pip("download", "-q", "-d", str(_wheelhouse()), *requirements), env=_clean_environment())
        for own in _wheelhouse().glob("quizgen-*.whl"):
            own.unlink()  # the wheel under test is always the one just built
        _run(offline, env=_clean_environment())


def install_wheel(root: Path) -> Path:
    """Build the wheel from a copy of the package's files, install it into a fresh venv; its ``bin`` folder."""
    source = root / "source"
    shutil.copytree(ROOT / "quizgen", source / "quizgen", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    build_requirements = tomllib.loads((source / "pyproject.toml").read_text())["build-system"]["requires"]
    _from_wheelhouse(_pip("wheel", "--no-deps", "-q", "-w", str(root / "dist"), str(source)), *build_requirements)
    wheel = next((root / "dist").glob("quizgen-*.whl"))
    # Without pip of its own (ensurepip is slow): this pip installs into it.
    _run([sys.executable, "-m", "venv", "--without-pip", str(root / "venv")], env=_clean_environment())
    _from_wheelhouse(_pip("--python", str(root / "venv" / "bin" / "python"), "install", "-q", str(wheel)), str(wheel))
    return root / "venv" / "bin"


# Builds a wheel and a venv, and on a fresh machine first downloads every dependency: minutes, not seconds.
@pytest.mark.timeout(900)
def test_installed_wheel_works_outside_the_checkout(tmp_path):
    installed = install_wheel(tmp_path / "installed")
    site_packages = Path(
        _run(
            [str(installed / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            env=_clean_environment(),
        ).stdout.strip()
    )
    before = _files_under(site_packages)
    work = tmp_path / "work"
    (work / "lessons").mkdir(parents=True)
    shutil.copy(MINI_LESSON, work / "lessons" / "mini.yaml")
    shutil.copy(KOREAN_LESSON, work / "lessons" / "ko-mini.yaml")

    check_cli(installed, work)
    check_web_app(installed, work, tmp_path / "var" / "quizgen")
    check_bad_setting_stops_gunicorn(installed, work)
    assert sorted(path.name for path in work.iterdir()) == ["lessons", "sheet.pdf"]  # no instance folder in the cwd
    assert _files_under(site_packages) == before  # nothing written into the installation


def check_cli(installed: Path, work: Path) -> None:
    """``quizgen validate`` and ``quizgen pdf`` run from the installed package."""
    environment = _clean_environment()
    located = _run(
        [str(installed / "python"), "-c", "import quizgen; print(quizgen.__file__)"], cwd=work, env=environment
    ).stdout.strip()
    assert Path(located).is_relative_to(installed.parent) and not Path(located).is_relative_to(ROOT)
    result = _run([str(installed / "quizgen"), "validate", "lessons/mini.yaml"], cwd=work, env=environment)
    assert "lessons/mini.yaml: " in result.stdout and "(0 errors" in result.stdout
    _run(
        [str(installed / "quizgen"), "pdf", "lessons/mini.yaml", "--seed", "3", "-o", "sheet.pdf"],
        cwd=work,
        env=environment,
    )
    assert (work / "sheet.pdf").read_bytes().startswith(b"%PDF")


def check_web_app(installed: Path, work: Path, instance: Path) -> None:
    """Under gunicorn: the catalog, a lesson page, a static file and a worksheet; the instance folder where set."""
    port = _free_port()
    environment = {
        **_clean_environment(),
        "QUIZGEN_LESSONS_DIR": str(work / "lessons"),
        "QUIZGEN_INSTANCE_PATH": str(instance),
    }
    server = subprocess.Popen(
        [str(installed / "gunicorn"), "--workers", "1", "--bind", f"127.0.0.1:{port}", "quizgen.web:create_app()"],
        cwd=work,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, f"gunicorn stopped:\n{server.stdout.read()}"
            try:
                status, catalog = _get(base + "/")
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, "gunicorn did not start within 60 s"
                time.sleep(0.2)
        assert status == 200 and b"The harbour festival" in catalog
        status, lesson_page = _get(f"{base}/lessons/{LESSON_ID}")
        assert status == 200 and b"worksheet.pdf" in lesson_page
        # The catalogs ship as .po files and compile on first use: a Korean lesson's page is Korean.
        status, korean_page = _get(f"{base}/lessons/ko-mini")
        assert status == 200 and "퀴즈 시작".encode() in korean_page and b"Start the quiz" not in korean_page
        status, stylesheet = _get(f"{base}/static/css/site.css")
        assert status == 200 and stylesheet
        status, worksheet = _get(f"{base}/lessons/{LESSON_ID}/worksheet.pdf")
        assert status == 200 and worksheet.startswith(b"%PDF")
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=30)[0]
    assert "Traceback" not in output, output
    assert {"secret_key", "quizgen.sqlite3", "pdf-cache"} <= {path.name for path in instance.iterdir()}
    assert list((instance / "pdf-cache").glob("*.pdf"))


def check_bad_setting_stops_gunicorn(installed: Path, work: Path) -> None:
    """A bad setting stops gunicorn (rather than restarting its worker forever) and names the variable."""
    environment = {
        **_clean_environment(),
        "QUIZGEN_TIMEZONE": "Mars/Olympus",
        "QUIZGEN_LESSONS_DIR": str(work / "lessons"),
    }
    result = subprocess.run(
        [
            str(installed / "gunicorn"),
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{_free_port()}",
            "quizgen.web:create_app()",
        ],
        cwd=work,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "QUIZGEN_TIMEZONE='Mars/Olympus' is not valid: not a time zone" in result.stderr
