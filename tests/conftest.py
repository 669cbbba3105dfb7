"""Fixtures shared by every test folder, and a check that everything the tests need is installed."""

from __future__ import annotations

import shutil
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI_LESSON = FIXTURES / "mini.yaml"


def unmet_requirements(extras: tuple[str, ...] = ("test", "postgres", "redis")) -> list[str]:
    """quizgen's requirements (its own and those of ``extras``) that are missing or at a version it does not accept."""
    try:
        lines = metadata.requires("quizgen") or []
    except metadata.PackageNotFoundError:
        return ["quizgen itself (not installed)"]
    unmet = []
    for requirement in map(Requirement, lines):
        if requirement.marker and not any(requirement.marker.evaluate({"extra": extra}) for extra in extras):
            continue
        try:
            version = metadata.version(requirement.name)
        except metadata.PackageNotFoundError:
            unmet.append(f"{requirement.name} (not installed)")
            continue
        if not requirement.specifier.contains(version, prereleases=True):
            unmet.append(f"{requirement.name} {version} (wanted {requirement.specifier})")
    return unmet


def pytest_sessionstart(session) -> None:
    """Stop before collecting anything, saying what to install, when a package the tests need is missing."""
    unmet = unmet_requirements()
    if unmet:
        pytest.exit(
            "the tests need packages that are missing or of another version: "
            + ", ".join(unmet)
            + ". scripts/bootstrap --test installs them (pip install -e '.[test,postgres,redis]').",
            returncode=pytest.ExitCode.USAGE_ERROR,
        )


BROWSER_TIMEOUT = 300
"""Seconds a browser test may take: starting chromium and a live server comes on top of the test itself."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give browser tests a longer timeout than the default, unless they set their own."""
    for item in items:
        if item.get_closest_marker("browser") and not item.get_closest_marker("timeout"):
            item.add_marker(pytest.mark.timeout(BROWSER_TIMEOUT))


@pytest.fixture
def mini_text() -> str:
    """The text of the small complete test lesson."""
    return MINI_LESSON.read_text(encoding="utf-8")


@pytest.fixture
def mini_lesson():
    """The small complete test lesson, loaded."""
    from quizgen.loader import load_lesson

    return load_lesson(MINI_LESSON)


@pytest.fixture
def lessons_dir(tmp_path: Path) -> Path:
    """A temporary lessons folder holding a copy of the small test lesson."""
    folder = tmp_path / "lessons"
    folder.mkdir()
    shutil.copy(MINI_LESSON, folder / "mini.yaml")
    return folder


@pytest.fixture(scope="module")
def browser():
    """Headless chromium from Debian (never a downloaded one), driven by playwright."""
    # Imported here, so that only the browser tests pay for loading playwright and axe-core.
    from playwright.sync_api import sync_playwright

    from .helpers.browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/bootstrap --test installs Debian's chromium")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
