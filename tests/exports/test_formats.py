"""What a teacher moving a quiz gets in each format: GIFT's escapes for any text, the Kahoot and Quizizz template
layouts, the notes, variants as separate quizzes, and the ``quizgen export`` command."""

from __future__ import annotations

import io
import zipfile

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from quizgen.cli import main
from quizgen.exports import FORMATS, ExportError, export
from quizgen.exports.common import ExportSet, Section, one_line
from quizgen.exports.gift import write as write_gift
from quizgen.exports.spreadsheets import KAHOOT_HEADER_ROW, KAHOOT_TIMES, QUIZIZZ_TIMES
from quizgen.items import ShortAnswer, SingleChoice
from quizgen.loader import load_lesson
from quizgen.quiz import QuizItem, build_quiz, derive_seed, variant_code

from ..conftest import MINI_LESSON
from .conftest import LESSONS, gift_text, parse_gift, qti_files, validated_qti

GIFT_HEAVY = (
    st.text(
        alphabet=st.sampled_from(list("~=#{}:\\-><&\"'/[]%$ \n\tabcXYZ\u00e9\u2192\u3131")), min_size=1, max_size=40
    )
    .map(one_line)
    .filter(bool)
)


@pytest.fixture(scope="module")
def mini():
    return load_lesson(MINI_LESSON)


def _choice(mini, number: int, stem: str, options: list[str]) -> QuizItem:
    question = SingleChoice(
        id=f"any-{number}",
        type="single_choice",
        stem=stem,
        options=options,
        answer=options[0],
        paragraph=mini.paragraphs[0].id,
        evidence="x",
        topic="t",
    )
    return QuizItem(number, question, tuple(options))


CHOICE_TEXTS = st.tuples(GIFT_HEAVY, st.lists(GIFT_HEAVY, min_size=2, max_size=4, unique_by=str.casefold))


# One GIFT file (one parser run) holds several generated questions: node starts once per example.
@pytest.mark.timeout(300)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(questions=st.lists(CHOICE_TEXTS, min_size=1, max_size=6))
def test_any_text_survives_gift_escaping(mini, questions):
    """Whatever characters a stem or option holds, an independent GIFT parser reads back exactly that text."""
    entries = tuple(_choice(mini, n, stem, options) for n, (stem, options) in enumerate(questions, start=1))
    text = write_gift(ExportSet(mini, (Section("bank", "bank", entries),))).decode()
    parsed = [q for q in parse_gift(text) if q["type"] == "MC"]
    assert len(parsed) == len(questions)
    for got, (stem, options) in zip(parsed, questions, strict=True):
        assert gift_text(got["stem"]) == stem
        assert [gift_text(choice["text"]) for choice in got["choices"]] == options
        assert [choice["isCorrect"] for choice in got["choices"]] == [True] + [False] * (len(options) - 1)


@pytest.mark.parametrize("path", LESSONS, ids=lambda path: path.stem)
def test_kahoot_rows_follow_the_template(path):
    lesson = load_lesson(path)
    quiz = build_quiz(lesson, 11)
    exported = export(lesson, "kahoot", quizzes=[quiz])
    sheet = load_workbook(io.BytesIO(exported.data)).worksheets[0]
    header = [cell.value for cell in sheet[KAHOOT_HEADER_ROW]]
    assert header[1].startswith("Question - max 120") and header[7].startswith("Correct answer(s)")
    rows = [row for row in sheet.iter_rows(min_row=KAHOOT_HEADER_ROW + 1, values_only=True) if row[1]]
    by_stem = {one_line(entry.item.stem): entry for entry in quiz.items}
    taken = {
        entry.item.id for entry in quiz.items if entry.item.type in ("single_choice", "multiple_select", "true_false")
    }
    taken = {i for i in taken if len(by_stem_entry(quiz, i).choices) <= 4}
    assert {by_stem[row[1]].item.id for row in rows} == taken
    for number, row in enumerate(rows, start=1):
        entry = by_stem[row[1]]
        answers = [a for a in row[2:6] if a]
        assert row[0] == number and row[6] in KAHOOT_TIMES
        rights = {answers[int(i) - 1] for i in str(row[7]).split(",")}
        if entry.item.type == "single_choice":
            assert answers == list(entry.choices) and rights == {entry.item.answer}
        elif entry.item.type == "multiple_select":
            assert rights == set(entry.item.answers)
        else:
            assert len(answers) == 2 and rights == {answers[0] if entry.item.answer else answers[1]}
    for entry in quiz.items:
        if entry.item.id not in taken:
            assert any(entry.item.id in note for note in exported.notes), entry.item.id


def by_stem_entry(quiz, item_id):
    return next(entry for entry in quiz.items if entry.item.id == item_id)


def test_quizizz_rows_follow_the_template_with_typed_answers_and_explanations(mini):
    quiz = build_quiz(mini, 5)
    book = load_workbook(io.BytesIO(export(mini, "quizizz", quizzes=[quiz]).data))
    sheet = book.worksheets[0]
    assert [cell.value for cell in sheet[1]][:3] == ["Question Text", "Question Type", "Option 1"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True) if row[0]}
    for entry in quiz.items:
        row = rows.get(one_line(entry.item.stem))
        kind = entry.item.type
        if kind in ("matching", "ordering", "cloze", "open_response"):
            assert row is None
            continue
        assert row is not None, entry.item.id
        assert (
            row[1]
            == {
                "single_choice": "Multiple Choice",
                "multiple_select": "Checkbox",
                "true_false": "Multiple Choice",
                "short_answer": "Fill-in-the-Blank",
            }[kind]
        )
        assert row[8] in QUIZIZZ_TIMES and entry.item.evidence in row[10]
        if kind == "short_answer":
            assert {a for a in row[2:7] if a} == set(entry.item.accepted) and not row[7]
    assert book["quizgen notes"]["A1"].value == mini.title


@pytest.mark.parametrize("tool", ["kahoot", "quizizz"])
def test_spreadsheets_read_as_a_teacher_sees_them(mini, tool):
    """Bold headers, Quizizz's wrapped help row, the notes sheet second and wide, the lesson's title as the file's."""
    book = load_workbook(io.BytesIO(export(mini, tool).data))
    assert book.sheetnames == ["Kahoot" if tool == "kahoot" else "Quizizz", "quizgen notes"]
    sheet = book.worksheets[0]
    header_row = KAHOOT_HEADER_ROW if tool == "kahoot" else 1
    headers = [cell for cell in sheet[header_row] if cell.value]
    assert len(headers) >= 7 and all(cell.font.bold for cell in headers)
    if tool == "quizizz":
        assert all(cell.alignment.wrap_text for cell in sheet[2] if cell.value)
    numbers = [row[0] for row in sheet.iter_rows(min_row=KAHOOT_HEADER_ROW + 1, values_only=True) if row[0]]
    if tool == "kahoot":
        assert numbers == list(range(1, len(numbers) + 1))  # numbers stay numbers
    assert book["quizgen notes"].column_dimensions["A"].width >= 100
    assert book.properties.title == one_line(mini.title) and book.properties.creator == "quizgen"


def test_variants_are_separate_quizzes_in_every_format(mini):
    quizzes = [build_quiz(mini, derive_seed(42, index)) for index in range(3)]
    codes = [quiz.variant_code for quiz in quizzes]
    files = qti_files(export(mini, "qti", quizzes=quizzes).data)
    assessments = [name for name in files if name.endswith(".xml") and name != "imsmanifest.xml"]
    assert len(assessments) == 3
    titles = {validated_qti(files[name]).find("assessment").get("title") for name in assessments}
    assert all(any(code in title for title in titles) for code in codes)
    moodle = export(mini, "moodle", quizzes=quizzes).data.decode()
    gift = export(mini, "gift", quizzes=quizzes).data.decode()
    for code in codes:
        assert f"/Variant {code}" in moodle and f"/Variant {code}" in gift
    books = export(mini, "kahoot", quizzes=quizzes)
    with zipfile.ZipFile(io.BytesIO(books.data)) as archive:
        assert sorted(archive.namelist()) == sorted(f"{mini.id}-{code}-kahoot.xlsx" for code in codes)


def test_unknown_format_is_a_clear_error(mini):
    with pytest.raises(ExportError, match="unknown export format 'pdf'"):
        export(mini, "pdf")


@pytest.mark.parametrize("output_format", FORMATS)
def test_cli_writes_each_format_and_prints_the_warnings(tmp_path, output_format):
    target = tmp_path / "out.bin"
    result = CliRunner().invoke(
        main, ["export", str(MINI_LESSON), "--format", output_format, "--seed", "7", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 500
    assert f"wrote {target}" in result.output
    if output_format in ("kahoot", "quizizz"):
        assert "warning: Skipped" in result.output


def test_cli_variants_and_bank(tmp_path):
    runner = CliRunner()
    result = runner.invoke(
        main,
        [
            "export",
            str(MINI_LESSON),
            "--format",
            "gift",
            "--variants",
            "2",
            "--class-seed",
            "9",
            "-o",
            str(tmp_path / "v.gift"),
        ],
    )
    assert result.exit_code == 0, result.output
    text = (tmp_path / "v.gift").read_text(encoding="utf-8")
    assert variant_code(derive_seed(9, 0)) in text and variant_code(derive_seed(9, 1)) in text
    result = runner.invoke(main, ["export", str(MINI_LESSON), "--format", "moodle", "--bank", "-o", "-"])
    assert result.exit_code == 0 and "<quiz>" in result.output


@pytest.mark.parametrize("output_format", ["qti", "kahoot"])
def test_cli_refuses_an_invalid_lesson_with_the_errors_validate_gives(tmp_path, mini_text, output_format):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        mini_text.replace("evidence: The town council announced", "evidence: The town councl announced").replace(
            "asserted_by: mayor", "asserted_by: mayr"
        ),
        encoding="utf-8",
    )
    validated = CliRunner().invoke(main, ["validate", str(bad)])
    errors = [line for line in validated.output.splitlines() if ": error: " in line]
    assert validated.exit_code == 1 and len(errors) >= 2
    target = tmp_path / "out.bin"
    exported = CliRunner().invoke(main, ["export", str(bad), "--format", output_format, "-o", str(target)])
    assert exported.exit_code == 1 and not target.exists()
    assert [line for line in exported.output.splitlines() if ": error: " in line] == errors
    assert "closest text" in exported.output and "Traceback" not in exported.output


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--bank", "--seed", "3"], "choose one of --bank"),
        (["--seed", "3", "--variants", "2"], "choose one of --bank"),
        (["--count", "2"], "--count draws quizzes"),
        (["--variant", "NOPE"], "--variant"),
        (["--seed", "1", "--count", "999"], "Error"),
    ],
)
def test_cli_bad_options_get_a_clear_message(arguments, message):
    result = CliRunner().invoke(main, ["export", str(MINI_LESSON), "--format", "qti", *arguments, "-o", "-"])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.timeout(300)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=st.lists(st.lists(GIFT_HEAVY, min_size=1, max_size=4, unique_by=str.casefold), min_size=1, max_size=6))
def test_any_typed_answer_survives_gift_escaping(mini, answers):
    """Accepted answers are compared as typed, so they are plain text: any characters read back exactly."""
    entries = tuple(
        QuizItem(
            number,
            ShortAnswer(
                id=f"typed-{number}",
                type="short_answer",
                stem="Type it",
                accepted=accepted,
                paragraph=mini.paragraphs[0].id,
                evidence="x",
                topic="t",
            ),
        )
        for number, accepted in enumerate(answers, start=1)
    )
    parsed = parse_gift(write_gift(ExportSet(mini, (Section("bank", "bank", entries),))).decode())
    parsed = [q for q in parsed if q["type"] == "Short"]
    # GIFT has no escape for "->" (it marks a match): answers containing it are left out, with a note.
    writable = [kept for accepted in answers if (kept := [answer for answer in accepted if "->" not in answer])]
    assert [[gift_text(choice["text"]) for choice in q["choices"]] for q in parsed] == writable
