"""Fixtures shared by every test folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI_LESSON = FIXTURES / "mini.yaml"


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
