"""PDF downloads: the student worksheet (no key), ?variant= from its QR code, and the teacher's keys and class sets."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pypdf
import pytest

from quizgen.quiz import QuizOptions, build_quiz, derive_seed, seed_from_code, variant_code
from quizgen.storage import Assignment

from ..helpers.answers import hidden_key_texts, student_texts
from ..helpers.pdf import flat, page_texts, pdf_text
from ..web.html import parse, visible_text
from .conftest import LESSON_ID, stored, take_quiz

CODE = re.compile(r"\b[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}\b")


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text, whitespace collapsed."""
    return [flat(text) for text in page_texts(data)]


def assert_pdf_download(response, filename_pattern: str) -> bytes:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.headers["Content-Type"] == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(rf'attachment; filename="{filename_pattern}"', disposition), disposition
    assert response.headers["Cache-Control"] == "private, no-store"
    data = response.get_data()
    assert data.startswith(b"%PDF-")
    return data


def test_lesson_page_offers_a_worksheet_download_without_a_variant_field(client):
    html = client.get(f"/lessons/{LESSON_ID}").get_data(as_text=True)
    assert f'action="/lessons/{LESSON_ID}/worksheet.pdf"' in html and "Download worksheet (PDF)" in html
    names = {control.name for control in parse(html).controls}
    assert "variant_code" not in names and "variant" not in names and "paper" in names


def test_the_worksheet_download_is_a_pdf_without_the_key(app, client):
    code = variant_code(4242)
    data = assert_pdf_download(
        client.get(f"/lessons/{LESSON_ID}/worksheet.pdf", query_string={"variant": code}), f"{LESSON_ID}-{code}\\.pdf"
    )
    text = pdf_text(data)
    lesson = app.extensions["quizgen.library"].get(LESSON_ID).lesson
    quiz = build_quiz(lesson, seed_from_code(code))
    assert code in text
    for entry in quiz.items:
        assert " ".join(entry.item.stem.split()) in text, entry.item.id
    secrets = hidden_key_texts(quiz, student_texts(quiz, lesson), flat)
    assert secrets and [secret for secret in secrets if flat(secret) in text] == []
    assert "answer key" not in text.casefold() and "answer grid" not in text.casefold()
    again = client.get(f"/lessons/{LESSON_ID}/worksheet.pdf", query_string={"variant": code.lower()})
    assert again.get_data() == data  # the same variant, from the cache


def test_a_worksheet_without_a_variant_gets_a_new_one_and_letter_paper(client):
    response = client.get(f"/lessons/{LESSON_ID}/worksheet.pdf", query_string={"paper": "Letter"})
    data = assert_pdf_download(response, f"{LESSON_ID}-[0-9A-Z]{{4}}-[0-9A-Z]{{4}}\\.pdf")
    box = pypdf.PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"variant": "NOT-A-CODE"}, "variant code in this link is not valid"),
        ({"variant": variant_code(7)[:-1] + ("0" if variant_code(7)[-1] != "0" else "1")}, "not valid"),
        ({"paper": "A3"}, "Choose A4 or Letter paper."),
    ],
)
def test_bad_worksheet_links_get_a_clear_400(client, query, message):
    response = client.get(f"/lessons/{LESSON_ID}/worksheet.pdf", query_string=query)
    assert response.status_code == 400 and message in visible_text(response.get_data(as_text=True))


def test_cached_worksheets_are_free_however_many_students_share_an_address(app, client):
    # A class of 32 behind one school address, downloading the same (cached) worksheet: never refused.
    code = variant_code(99)
    for _ in range(70):
        assert client.get(f"/lessons/{LESSON_ID}/worksheet.pdf", query_string={"variant": code}).status_code == 200


def test_only_renders_count_against_the_limit_per_address(app, client, monkeypatch):
    from quizgen.web import limits

    monkeypatch.setitem(
        limits.PDF_RENDERS_PER_ADDRESS, "students.worksheet", limits.Rule("pdf-test", 3, timedelta(minutes=1))
    )

    def download(seed: int):
        return client.get(f"/lessons/{LESSON_ID}/worksheet.pdf", query_string={"variant": variant_code(seed)})

    assert [download(seed).status_code for seed in (1, 2, 3)] == [200, 200, 200]  # three renders
    assert [download(seed).status_code for seed in (1, 2, 3, 1)] == [200] * 4  # cached: not counted
    response = download(4)  # a fourth render in the minute
    assert response.status_code == 429
    assert "Too many PDFs were requested" in visible_text(response.get_data(as_text=True))
    other = app.test_client()
    fresh = other.get(
        f"/lessons/{LESSON_ID}/worksheet.pdf",
        query_string={"variant": variant_code(5)},
        environ_base={"REMOTE_ADDR": "10.1.2.3"},
    )
    assert fresh.status_code == 200


def test_a_full_render_queue_answers_503_with_retry_after_but_cached_pdfs_still_come(app, client, monkeypatch):
    from quizgen.web import printing

    cached = variant_code(11)
    assert client.get(f"/lessons/{LESSON_ID}/worksheet.pdf", query_string={"variant": cached}).status_code == 200
    monkeypatch.setattr(printing.render_gate, "limit", 0)
    busy = client.get(f"/lessons/{LESSON_ID}/worksheet.pdf", query_string={"variant": variant_code(12)})
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "5"
    assert "busy making other PDFs" in visible_text(busy.get_data(as_text=True))
    assert client.get(f"/lessons/{LESSON_ID}/worksheet.pdf", query_string={"variant": cached}).status_code == 200


def test_the_qr_code_link_fills_in_the_variant_and_the_quiz_uses_it(app, student):
    code = variant_code(31337)
    html = student.client.get(f"/lessons/{LESSON_ID}", query_string={"variant": code.lower().replace("-", "")})
    html = html.get_data(as_text=True)
    variant_input = next(c for c in parse(html).controls if c.name == "variant_code")
    assert variant_input.attrs["value"] == code and variant_input.id in parse(html).label_targets
    assert f'<input type="hidden" name="variant" value="{code}">' in html  # the print form prints the same variant
    response = student.start(name="Ana", variant_code=code)
    assert response.status_code == 303
    attempt = student.attempt(response.headers["Location"].rsplit("/", 1)[-1])
    assert attempt.seed == 31337 and attempt.variant_code == code
    lesson = app.extensions["quizgen.library"].get(LESSON_ID).lesson
    quiz = student.open_quiz(response.headers["Location"])
    assert [e.id for e in quiz.quiz.items] == [e.id for e in build_quiz(lesson, 31337).items]


def test_a_bad_variant_in_the_link_shows_the_page_with_a_message(client):
    response = client.get(f"/lessons/{LESSON_ID}", query_string={"variant": "K7Q2-M9XZ"})
    assert response.status_code == 200
    text = visible_text(response.get_data(as_text=True))
    assert "The variant code “K7Q2-M9XZ” in this link is not valid, so it was left out." in text
    assert "variant_code" not in {c.name for c in parse(response.get_data(as_text=True)).controls}
    long = client.get(f"/lessons/{LESSON_ID}", query_string={"variant": "x" * 5000})
    assert long.status_code == 200 and "x" * 50 not in long.get_data(as_text=True)


def test_a_bad_variant_code_in_the_start_form_is_reported_next_to_it(student):
    response = student.start(name="Ana", variant_code="K7Q2-M9XZ")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert re.search(r'<p class="field-error" id="variant_code-error">.*This is not a variant code', html)
    assert 'href="#variant_code"' in html


# --- teachers ------------------------------------------------------------------------------------


def test_answer_key_of_a_variant(app, teacher):
    school_class = teacher.new_class()
    assignment_url = teacher.assign(school_class, count=6)
    _, quiz = take_quiz(app, school_class.code, "Ana")
    html = teacher.get(assignment_url).get_data(as_text=True)
    assert f"key.pdf?variant={quiz.attempt.variant_code}" in html  # each student's variant links to its key
    response = teacher.get(assignment_url + "/key.pdf", query_string={"variant": quiz.attempt.variant_code})
    data = assert_pdf_download(response, f"{LESSON_ID}-key-{quiz.attempt.variant_code}\\.pdf")
    text = pdf_text(data)
    assert "Answer key" in text and quiz.attempt.variant_code in text
    assert len(quiz.quiz.items) == 6
    for entry in quiz.quiz.items:  # the assignment's options: the same six questions as the student's
        assert entry.item.id in text, entry.item.id
    bad = teacher.get(assignment_url + "/key.pdf", query_string={"variant": "nope"})
    assert bad.status_code == 422 and "is not a variant code" in visible_text(bad.get_data(as_text=True))


def test_class_set_has_one_named_worksheet_per_student_on_the_class_set_variants(app, teacher):
    school_class = teacher.new_class()
    assignment_url = teacher.assign(school_class, count=4)
    take_quiz(app, school_class.code, "Zoë")
    page = teacher.get(assignment_url).get_data(as_text=True)
    assert re.search(r'<textarea[^>]*name="names"[^>]*>\s*Zoë</textarea>', page)  # started students filled in
    response = teacher.print_class_set(
        assignment_url,
        {"names": "Zoë\r\nBen\r\n\r\nChloé Ng", "copies": "", "keys": "grids", "page_size": "A4"},
    )
    data = assert_pdf_download(response, f"{LESSON_ID}-class-set-3\\.pdf")
    pages = pdf_pages(data)
    starts = [i for i, text in enumerate(pages) if "WORKSHEET" in text and "Page 1 of" in text]
    assert len(starts) == 3
    seed = stored(app, Assignment, public_id=assignment_url.rsplit("/", 1)[-1]).class_seed
    expected = [variant_code(derive_seed(seed, index)) for index in range(3)]
    assert [CODE.search(pages[i]).group(0) for i in starts] == expected
    assert [name for i, name in zip(starts, ("Zoë", "Ben", "Chloé Ng"), strict=False) if name in pages[i]] == [
        "Zoë",
        "Ben",
        "Chloé Ng",
    ]
    assert any("ANSWER GRID" in text for text in pages)
    lesson = app.extensions["quizgen.library"].get(LESSON_ID).lesson
    assert len(build_quiz(lesson, derive_seed(seed, 0), QuizOptions(count=4)).items) == 4


def test_class_set_prints_the_variants_students_used_online(app, teacher):
    school_class = teacher.new_class()
    assignment_url = teacher.assign(school_class, count=3)
    before = teacher.print_class_set(
        assignment_url,
        {"names": "", "copies": "", "used_variants": "y", "keys": "none", "page_size": "A4"},
    )
    assert before.status_code == 422 and "No student has started yet" in visible_text(before.get_data(as_text=True))
    _, ben = take_quiz(app, school_class.code, "Ben")
    _, ana = take_quiz(app, school_class.code, "Ana")
    response = teacher.print_class_set(
        assignment_url,
        {"names": "Someone else", "copies": "", "used_variants": "y", "keys": "none", "page_size": "A4"},
    )
    pages = pdf_pages(assert_pdf_download(response, f"{LESSON_ID}-class-set-2\\.pdf"))
    starts = [i for i, text in enumerate(pages) if "WORKSHEET" in text and "Page 1 of" in text]
    # By name, each on the variant that student answered online.
    assert [CODE.search(pages[i]).group(0) for i in starts] == [ana.attempt.variant_code, ben.attempt.variant_code]
    assert "Ana" in pages[starts[0]] and "Ben" in pages[starts[1]] and not any("Someone else" in p for p in pages)


def test_class_set_of_a_shared_variant_repeats_it_without_keys(app, teacher):
    school_class = teacher.new_class()
    assignment_url = teacher.assign(school_class, variant_mode="shared", count=3)
    response = teacher.print_class_set(assignment_url, {"names": "", "copies": "2", "keys": "grids", "page_size": "A4"})
    pages = pdf_pages(assert_pdf_download(response, f"{LESSON_ID}-class-set-2\\.pdf"))
    shared = variant_code(stored(app, Assignment, public_id=assignment_url.rsplit("/", 1)[-1]).class_seed)
    starts = [i for i, text in enumerate(pages) if "WORKSHEET" in text and "Page 1 of" in text]
    assert [CODE.search(pages[i]).group(0) for i in starts] == [shared, shared]
    assert not any("ANSWER GRID" in text or "Answer key" in text for text in pages)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"names": "\n".join(f"Student {n}" for n in range(61)), "copies": ""}, "at most 60 worksheets; 61 names"),
        ({"names": "A" * 61, "copies": ""}, "Names have at most 60 characters"),
        ({"names": "", "copies": ""}, "Type the students' names, or say how many worksheets to print."),
        ({"names": "", "copies": "61"}, "Print between 1 and 60 worksheets."),
    ],
)
def test_class_set_form_limits(teacher, data, message):
    assignment_url = teacher.assign(teacher.new_class())
    response = teacher.post(assignment_url + "/class-set", {"keys": "grids", "page_size": "A4", **data})
    assert response.status_code == 422 and message in visible_text(response.get_data(as_text=True))
