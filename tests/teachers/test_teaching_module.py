"""The teacher's lesson page: the teaching module on screen (behind sign-in) and every printed kind to download."""

from __future__ import annotations

import shutil

import pytest

from ..conftest import FIXTURES
from ..helpers.pdf import pdf_text
from ..web.html import visible_text
from .conftest import LESSON_ID

MODULE_ID = "harbour-module"


@pytest.fixture
def module_lessons_dir(lessons_dir):
    shutil.copy(FIXTURES / "module.yaml", lessons_dir / "module.yaml")
    return lessons_dir


def test_the_lesson_page_needs_a_signed_in_teacher(client):
    response = client.get(f"/teacher/lessons/{LESSON_ID}")
    assert response.status_code == 303 and "/teacher/sign-in" in response.headers["Location"]
    assert client.get(f"/teacher/lessons/{LESSON_ID}/guide.pdf").status_code == 303


def test_the_dashboard_and_the_assignment_page_link_to_the_lesson_page(teacher):
    dashboard = teacher.get("/teacher/").get_data(as_text=True)
    assert f'href="/teacher/lessons/{LESSON_ID}"' in dashboard
    assignment = teacher.get(teacher.assign(teacher.new_class())).get_data(as_text=True)
    assert f'href="/teacher/lessons/{LESSON_ID}"' in assignment


def test_the_lesson_page_shows_the_guide_and_links_every_kind(module_lessons_dir, teacher):
    html = teacher.get(f"/teacher/lessons/{MODULE_ID}").get_data(as_text=True)
    text = visible_text(html)
    for part in ("Period 1 · 45 minutes", "Read and annotate", "Claim map", "outlet not named", "WHST.6-8.1"):
        assert part in text, part
    assert "The council publishes its festival programme every May." in text
    for kind in (
        "guide",
        "before-reading",
        "lateral-reading",
        "discussion",
        "annotation",
        "exit-ticket",
        "worksheet",
        "key",
    ):
        assert f'href="/teacher/lessons/{MODULE_ID}/{kind}.pdf"' in html, kind
    # The class set is made in the background: a button that starts its job.
    assert f'<form method="post" action="/teacher/lessons/{MODULE_ID}/class-set"' in html


@pytest.mark.parametrize(
    ("kind", "words"), [("guide", "Claim map"), ("exit-ticket", "Exit ticket"), ("key", "Answer key")]
)
def test_each_kind_downloads_as_a_pdf(module_lessons_dir, teacher, kind, words):
    response = teacher.get(f"/teacher/lessons/{MODULE_ID}/{kind}.pdf")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    assert words.casefold() in pdf_text(response.get_data()).casefold()


def test_an_unknown_kind_or_lesson_is_a_plain_404(teacher):
    assert teacher.get(f"/teacher/lessons/{LESSON_ID}/poster.pdf").status_code == 404
    assert teacher.get("/teacher/lessons/no-such-lesson").status_code == 404
    assert teacher.get(f"/teacher/lessons/{LESSON_ID}/worksheet.pdf?variant=zzz").status_code == 400


def test_the_student_lesson_page_shows_words_to_know(client, module_lessons_dir):
    text = visible_text(client.get(f"/lessons/{MODULE_ID}").get_data(as_text=True))
    assert "Words to know" in text
    assert "speculate to guess about something without firm evidence" in text
    assert "outlet not named" in text


def test_the_lesson_class_set_is_a_job_of_thirty_worksheets(module_lessons_dir, teacher):
    page = teacher.post(f"/teacher/lessons/{MODULE_ID}/class-set", {})
    assert page.status_code == 303 and "/teacher/print-jobs/" in page.headers["Location"]
    job = teacher.get(page.headers["Location"]).get_data(as_text=True)
    assert "Class set of 30 worksheets" in job and "Back to the teaching module" in job
    download = teacher.get(page.headers["Location"] + "/class-set.pdf")
    assert download.status_code == 200 and download.headers["Content-Type"] == "application/pdf"
    # The old download address leads to the lesson page, where the button is.
    assert teacher.get(f"/teacher/lessons/{MODULE_ID}/class-set.pdf").status_code == 303
