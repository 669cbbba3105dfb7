"""The web app's lessons folder: a FIFO or a squatting copy never takes a lesson, or the site, down."""

from __future__ import annotations

import os
import shutil
import time

from ..teachers.conftest import TeacherClient, make_teacher
from .conftest import LESSON_ID


def test_a_fifo_in_the_lessons_folder_does_not_stall_the_pages(client, lessons_dir):
    os.mkfifo(lessons_dir / "0-pipe.yaml")
    started = time.perf_counter()
    assert client.get("/").status_code == 200
    assert client.get(f"/lessons/{LESSON_ID}").status_code == 200
    assert time.perf_counter() - started < 5


def test_a_squatting_copy_is_shown_to_teachers_and_never_served(app, client, lessons_dir):
    real = lessons_dir / "mini.yaml"
    moment = time.time() - 3600
    os.utime(real, (moment, moment))
    assert client.get(f"/lessons/{LESSON_ID}").status_code == 200
    squatter = lessons_dir / "0-squatter.yaml"
    shutil.copy(real, squatter)
    squatter.write_text(
        real.read_text(encoding="utf-8").replace("title: The harbour festival", "title: FAKE festival"), "utf-8"
    )
    page = client.get(f"/lessons/{LESSON_ID}").get_data(as_text=True)
    assert "The harbour festival" in page and "FAKE" not in page
    make_teacher(app, "teacher@example.org")
    teacher = TeacherClient(app, "teacher@example.org")
    teacher.sign_in()
    dashboard = teacher.get("/teacher/").get_data(as_text=True)
    assert "0-squatter.yaml was left out" in dashboard and "still served from mini.yaml" in dashboard
    assert str(lessons_dir) not in dashboard  # file names only, no server paths
