"""The lessons folder as the web app reads it: capped, regular files only, and no lesson-id squatting."""

from __future__ import annotations

import os
import shutil
import threading
import time
import tracemalloc

import pytest
from click.testing import CliRunner

from quizgen.cli import main
from quizgen.library import LessonLibrary
from quizgen.loader import check_lesson

from ..conftest import MINI_LESSON

LESSON_ID = "harbour-festival"


def _set_age(path, seconds_ago: float) -> None:
    moment = time.time() - seconds_ago
    os.utime(path, (moment, moment))


def test_a_fifo_named_like_a_lesson_is_refused_at_once_and_the_other_lessons_still_load(lessons_dir):
    os.mkfifo(lessons_dir / "aaa-pipe.yaml")
    library = LessonLibrary(lessons_dir)
    loaded: list = []
    reader = threading.Thread(target=lambda: loaded.append(library.get(LESSON_ID)), daemon=True)
    reader.start()
    reader.join(timeout=5)
    assert not reader.is_alive(), "reading the lessons folder blocked on a FIFO"
    assert loaded[0] is not None and loaded[0].lesson.id == LESSON_ID
    assert "not a regular file" in library.problems[lessons_dir / "aaa-pipe.yaml"][0].message


def test_a_folder_named_like_a_lesson_is_refused_by_the_cli_with_a_message(tmp_path):
    folder = tmp_path / "odd.yaml"
    folder.mkdir()
    result = check_lesson(folder)
    assert result.lesson is None
    assert "not a regular file" in result.errors[0].message


def test_a_huge_lesson_file_is_read_only_up_to_the_cap(lessons_dir):
    huge = lessons_dir / "huge.yaml"
    with huge.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)  # sparse: 64 MB to read, nothing on disk
    tracemalloc.start()
    try:
        library = LessonLibrary(lessons_dir)
        assert library.get(LESSON_ID) is not None
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "larger than 2 MB" in library.problems[huge][0].message
    assert peak < 16 * 1024 * 1024


def test_a_second_file_with_a_lessons_id_never_replaces_it_even_after_a_restart(lessons_dir):
    real = lessons_dir / "mini.yaml"
    _set_age(real, 3600)
    library = LessonLibrary(lessons_dir)
    assert library.get(LESSON_ID).path == real

    squatter = lessons_dir / "a-squatter.yaml"  # sorts before the real file
    squatter.write_text(real.read_text(encoding="utf-8").replace("title:", "title: FAKE", 1), encoding="utf-8")
    assert library.get(LESSON_ID).path == real
    conflict = library.problems[squatter][0]
    assert str(real) in conflict.message and conflict.code == "duplicate-lesson-id"
    assert [(c.path, c.lesson_id, c.serving) for c in library.conflicts()] == [(squatter, LESSON_ID, real)]

    restarted = LessonLibrary(lessons_dir)
    assert restarted.get(LESSON_ID).path == real
    assert str(real) in restarted.problems[squatter][0].message


def test_removing_the_squatter_leaves_the_real_lesson_served_without_touching_it(lessons_dir):
    real = lessons_dir / "mini.yaml"
    squatter = lessons_dir / "zz-copy.yaml"
    shutil.copy(real, squatter)
    _set_age(real, 3600)
    library = LessonLibrary(lessons_dir)
    assert library.get(LESSON_ID).path == real
    real.unlink()
    assert library.get(LESSON_ID).path == squatter  # the other file takes over, not a 404
    shutil.copy(MINI_LESSON, real)
    assert library.get(LESSON_ID).path == squatter  # and keeps the id: no silent swap back
    squatter.unlink()
    assert library.get(LESSON_ID).path == real
    assert library.conflicts() == []


def test_validate_names_both_files_that_share_a_lesson_id(lessons_dir):
    copy = lessons_dir / "copy.yaml"
    shutil.copy(lessons_dir / "mini.yaml", copy)
    result = CliRunner().invoke(main, ["validate", str(lessons_dir)])
    assert result.exit_code == 1
    assert f"{copy}:1:1: error: lesson id '{LESSON_ID}' is also the id of {lessons_dir / 'mini.yaml'}" in result.output
    assert f"is also the id of {copy}" in result.output


@pytest.mark.parametrize("name", ["a.yaml", "b.yml"])
def test_validate_accepts_lessons_with_different_ids(lessons_dir, name):
    text = (lessons_dir / "mini.yaml").read_text(encoding="utf-8")
    (lessons_dir / name).write_text(text.replace(f"id: {LESSON_ID}", "id: another-lesson", 1), encoding="utf-8")
    assert CliRunner().invoke(main, ["validate", str(lessons_dir)]).exit_code == 0
