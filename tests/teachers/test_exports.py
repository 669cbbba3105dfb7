"""The export download on the assignment page: the assignment's own variants and settings, or the whole bank, in
every format, only for the assignment's teacher, with what a format skips listed inside the file."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from quizgen.exports import FORMATS
from quizgen.quiz import QuizOptions, build_quiz, derive_seed, variant_code
from quizgen.storage import Assignment

from ..web.html import parse
from .conftest import LESSON_ID, stored


def _export(teacher, assignment_url: str, **query):
    return teacher.get(assignment_url + "/export", query_string=query)


def test_the_assignment_page_offers_the_export_form(teacher):
    assignment_url = teacher.assign(teacher.new_class())
    page = teacher.get(assignment_url).get_data(as_text=True)
    assert f'action="{assignment_url}/export"' in page and "Export to another platform" in page
    names = {control.name for control in parse(page).controls}
    assert {"format", "content", "variants"} <= names
    shared_url = teacher.assign(teacher.new_class("9C"), variant_mode="shared")
    shared_page = teacher.get(shared_url).get_data(as_text=True)
    assert "variants" not in {control.name for control in parse(shared_page).controls}


@pytest.mark.parametrize("output_format", FORMATS)
def test_every_format_downloads_as_an_attachment(teacher, output_format):
    assignment_url = teacher.assign(teacher.new_class(), count=3)
    response = _export(teacher, assignment_url, format=output_format, content="assignment", variants=1)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert re.fullmatch(r'attachment; filename="[A-Za-z0-9.-]+"', response.headers["Content-Disposition"])
    assert response.headers["Cache-Control"] == "private, no-store"
    assert len(response.get_data()) > 300


def test_the_export_is_the_assignments_own_variants_with_its_settings(app, teacher):
    assignment_url = teacher.assign(teacher.new_class(), count=3)
    seed = stored(app, Assignment, public_id=assignment_url.rsplit("/", 1)[-1]).class_seed
    response = _export(teacher, assignment_url, format="gift", content="assignment", variants=2)
    text = response.get_data(as_text=True)
    lesson = app.extensions["quizgen.library"].get(LESSON_ID).lesson
    for index in range(2):
        quiz = build_quiz(lesson, derive_seed(seed, index), QuizOptions(count=3))
        assert f"Variant {quiz.variant_code}" in text
        assert len(quiz.items) == 3
    assert variant_code(derive_seed(seed, 2)) not in text


def test_a_shared_assignment_exports_its_one_variant_and_the_bank_everything(app, teacher):
    assignment_url = teacher.assign(teacher.new_class(), variant_mode="shared", count=2)
    seed = stored(app, Assignment, public_id=assignment_url.rsplit("/", 1)[-1]).class_seed
    data = _export(teacher, assignment_url, format="qti", content="assignment", variants=5).get_data()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assessments = [n for n in archive.namelist() if n.endswith(".xml") and n != "imsmanifest.xml"]
    assert assessments == [f"{LESSON_ID}-{variant_code(seed)}/{LESSON_ID}-{variant_code(seed)}.xml"]
    bank = _export(teacher, assignment_url, format="moodle", content="bank").get_data(as_text=True)
    entry = app.extensions["quizgen.library"].get(LESSON_ID)
    assert all(f"<idnumber>{item.id}</idnumber>" in bank for item in entry.bank)


def test_what_kahoot_skips_is_listed_in_the_downloaded_file(teacher):
    assignment_url = teacher.assign(teacher.new_class())
    data = _export(teacher, assignment_url, format="kahoot", content="bank").get_data()
    notes = [row[0].value for row in load_workbook(io.BytesIO(data))["quizgen notes"].iter_rows() if row[0].value]
    assert any(str(note).startswith("Skipped ") for note in notes)


@pytest.mark.parametrize(
    "query",
    [
        {"format": "pdf", "content": "assignment"},
        {"format": "qti", "content": "everything"},
        {"format": "qti", "content": "assignment", "variants": "0"},
        {"format": "qti", "content": "assignment", "variants": "many"},
    ],
)
def test_bad_requests_get_a_clear_page_not_a_traceback(teacher, query):
    assignment_url = teacher.assign(teacher.new_class())
    response = _export(teacher, assignment_url, **query)
    assert response.status_code == 400
    assert "Traceback" not in response.get_data(as_text=True)


def test_only_the_assignments_teacher_can_export(teacher, other_teacher, client):
    assignment_url = teacher.assign(teacher.new_class())
    assert _export(other_teacher, assignment_url, format="qti").status_code == 404
    response = client.get(assignment_url + "/export", query_string={"format": "qti"})
    assert response.status_code == 303 and "/teacher/sign-in" in response.headers["Location"]
