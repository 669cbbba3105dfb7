"""The teaching module's printed kinds, for the module fixture and every shipped lesson, read back with pypdf."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from quizgen.cli import main
from quizgen.loader import load_lesson
from quizgen.module_print import MODULE_KINDS, render_module
from quizgen.text import normalize_quote

from ..helpers.pdf import flat, page_texts, pdf_text, words
from .conftest import ROOT, in_order

MODULE = ROOT / "tests" / "fixtures" / "module.yaml"
SHIPPED = sorted((ROOT / "lessons").glob("*.yaml"))


def _plain(markdown: str) -> str:
    return flat(normalize_quote(markdown))


@pytest.fixture(scope="module")
def module_lesson():
    return load_lesson(MODULE)


@pytest.fixture(scope="module")
def module_pdfs(module_lesson):
    return {kind: render_module(module_lesson, kind, lesson_dir=MODULE.parent) for kind in MODULE_KINDS}


def test_the_guide_has_every_objective_glossary_term_claim_and_phase(module_lesson, module_pdfs):
    text = _plain(pdf_text(module_pdfs["guide"]))
    haystack = words(text)
    for objective in module_lesson.objectives:
        assert in_order(_plain(objective.text), haystack), objective.id
        for code in objective.standards:
            assert code in text
    for entry in module_lesson.glossary:
        assert entry.term in text and in_order(_plain(entry.definition), haystack), entry.id
    for claim in module_lesson.claims:
        assert in_order(_plain(claim.text), haystack), claim.id
    for phase in module_lesson.teacher_guide.sequence:
        assert phase.title in text
    assert "Period 1 · 45 minutes" in text and "Period 2 · 45 minutes" in text
    assert "outlet not named" in text
    for label in ("Claim map", "Writing task", "Sample answer", "Portville Town Council"):
        assert label.casefold() in text.casefold()


def test_the_annotation_key_marks_every_claims_quote(module_lesson, module_pdfs):
    student, key = page_texts(module_pdfs["annotation"])[0], flat(" ".join(page_texts(module_pdfs["annotation"])[1:]))
    haystack = words(_plain(re.sub(r"\[\d+\]", " ", key)))  # the claim numbers stick to the quotes' last words
    for number, claim in enumerate(module_lesson.claims, start=1):
        assert in_order(_plain(claim.evidence), haystack), claim.id
        assert f"[{number}]" in key
    assert "Teacher copy" in key and "Teacher copy" not in student


def test_student_sheets_show_no_teacher_key(module_lesson, module_pdfs):
    lateral = page_texts(module_pdfs["lateral-reading"])
    organiser = flat(lateral[0])
    found = module_lesson.lateral_reading.claims[0].found
    assert "Who is behind it?" in organiser and "What do other sources say?" in organiser
    assert _plain(found) not in _plain(organiser)
    assert _plain(found) in _plain(flat(" ".join(lateral)))
    cards = flat(page_texts(module_pdfs["discussion"])[0])
    assert "disc-fireworks" in cards.casefold() and "Students" not in cards


def test_the_lateral_reading_organiser_starts_with_the_publisher_and_ends_with_then_and_now(module_pdfs):
    pages = [flat(page) for page in page_texts(module_pdfs["lateral-reading"])]
    assert pages[0].index("The publisher: outlet not named") < pages[0].index("The festival will last three days")
    assert "then and now" in pages[-1].casefold() and "Disputed" in pages[-1]


def test_exit_tickets_are_two_half_sheets_per_page(module_lesson, module_pdfs):
    pages = page_texts(module_pdfs["exit-ticket"])
    assert len(pages) == 1
    text = flat(pages[0])
    assert text.count("How many visitors came in 2023") == 2
    assert text.count(module_lesson.exit_ticket.prompt) == 2


def test_the_before_reading_sheet_has_cards_words_and_anticipation_guide(module_lesson, module_pdfs):
    text = flat(pdf_text(module_pdfs["before-reading"]))
    assert "words to know" in text.casefold() and "Portville has held a summer festival since 1998." in text
    assert module_lesson.before_reading.anticipation_guide[0].statement in text


@pytest.mark.parametrize("kind", MODULE_KINDS)
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_kind_renders_for_every_shipped_lesson(path, kind):
    lesson = load_lesson(path)
    data = render_module(lesson, kind, lesson_dir=path.parent)
    assert data.startswith(b"%PDF") and pdf_text(data).strip()


def test_the_pdf_command_prints_a_kind_and_refuses_a_seed_with_it(tmp_path):
    runner = CliRunner()
    target = tmp_path / "guide.pdf"
    result = runner.invoke(main, ["pdf", str(MODULE), "--kind", "guide", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "Teacher guide" in pdf_text(target.read_bytes())
    refused = runner.invoke(main, ["pdf", str(MODULE), "--kind", "guide", "--seed", "3"])
    assert refused.exit_code == 2 and "takes no --seed" in refused.output
    key = tmp_path / "key.pdf"
    assert runner.invoke(main, ["pdf", str(MODULE), "--kind", "key", "--seed", "1", "-o", str(key)]).exit_code == 0
    assert "Answer key" in pdf_text(key.read_bytes())


def test_the_worksheet_has_words_to_know_without_the_terms_its_items_test(module_lesson):
    from quizgen.pdf import make_sheet, render_worksheet
    from quizgen.quiz import QuizOptions, build_quiz

    for seed in range(40):
        quiz = build_quiz(module_lesson, seed, QuizOptions(count=8))
        tested = {fact for entry in quiz.items if entry.item.trace for fact in entry.item.trace.facts}
        if any(fact.startswith("glossary.") for fact in tested) and len(make_sheet(module_lesson, quiz).words) > 0:
            break
    else:
        pytest.fail("no variant tests some glossary terms and not others")
    shown = make_sheet(module_lesson, quiz).words
    text = flat(pdf_text(render_worksheet(module_lesson, quiz)))
    box = text[text.casefold().index("words to know") : text.casefold().index("read the article")]
    for entry in module_lesson.glossary:
        assert (entry.definition in box) == (entry in shown), entry.id
        assert (f"glossary.{entry.id}" in tested) != (entry in shown)
    assert "Did the council spend too much on the festival?" in text


def test_the_pre_reading_image_prints_from_the_lessons_asset_folder(tmp_path):
    import io

    import pypdf
    from PIL import Image

    text = MODULE.read_text(encoding="utf-8").replace(
        "before_reading:\n", "before_reading:\n  image:\n    file: map.png\n    alt: A map of Portville\n", 1
    )
    path = tmp_path / "module.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "harbour-module").mkdir()
    Image.new("RGB", (40, 30), "navy").save(tmp_path / "harbour-module" / "map.png")
    data = render_module(load_lesson(path), "before-reading", lesson_dir=tmp_path)
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    assert len(page.images) == 1


def test_the_guide_keys_each_item_once(module_lesson, module_pdfs):
    text = flat(pdf_text(module_pdfs["guide"]))
    keys = text[text.casefold().rindex("keys") :]
    assert keys.count("How long will the festival last this year?") == 1
    assert "writing-task" in keys and "q-short" in keys
