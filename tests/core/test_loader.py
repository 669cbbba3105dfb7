"""Author errors: every broken lesson gives positioned, plain-English messages and exit code 1."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizgen.cli import main
from quizgen.diagnostics import LessonError
from quizgen.loader import MAX_LESSON_BYTES, check_lesson, check_lesson_text, load_lesson
from tests.conftest import MINI_LESSON

LOL_BOMB = (
    "\n".join(
        ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        + [f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]" for i in range(8)]
    )
    + "\n"
)


def _edit(text: str, old: str, new: str) -> str:
    assert old in text, f"fixture no longer contains {old!r}"
    return text.replace(old, new, 1)


# (name, change to the mini lesson, expected (line, column), words the message must contain, hint words)
BROKEN = [
    (
        "duplicate key",
        lambda t: _edit(t, "title: The harbour festival\n", "title: The harbour festival\ntitle: Again\n"),
        (4, 1),
        "duplicate key 'title'",
        "last",
    ),
    (
        "unknown key with suggestion",
        lambda t: _edit(
            t, "    options: [One day, Two days, Three days]", "    optons: [One day, Two days, Three days]"
        ),
        (133, 5),
        "unknown key 'optons'",
        "did you mean 'options'",
    ),
    (
        "tab indentation",
        lambda t: _edit(t, "  - id: obj-read\n    text", "  - id: obj-read\n\ttext"),
        (9, 1),
        "tab",
        "spaces",
    ),
    (
        "syntax error",
        lambda t: _edit(t, "standards: [RI.6.1]", "standards: [RI.6.1"),
        (11, 7),
        "YAML syntax error",
        "starts on line 10",
    ),
    (
        "wrong type",
        lambda t: _edit(t, "estimated_minutes: 15", "estimated_minutes: fifteen"),
        (6, 20),
        "expected a whole number",
        "digits",
    ),
    (
        "number that YAML 1.1 reads as a float",
        lambda t: _edit(t, "estimated_minutes: 15", "estimated_minutes: 1e3"),
        (6, 20),
        "expected a whole number for 'estimated_minutes', found '1e3'",
        None,
    ),
    (
        "broken paragraph reference",
        lambda t: _edit(
            t,
            "    paragraph: p3\n    evidence: Some residents allege\n    topic: vocabulary",
            "    paragraph: p33\n    evidence: Some residents allege\n    topic: vocabulary",
        ),
        (145, 16),
        "unknown paragraph 'p33'",
        "the quote is in paragraph 'p3': write paragraph: p3",
    ),
    (
        "broken actor reference",
        lambda t: _edit(t, "asserted_by: mayor", "asserted_by: mayr"),
        (90, 18),
        "unknown actor 'mayr'",
        "did you mean 'mayor'",
    ),
    (
        "broken objective reference",
        lambda t: _edit(
            t,
            "    objective: obj-read\n    explanation: The council",
            "    objective: obj-reed\n    explanation: The council",
        ),
        (138, 16),
        "unknown objective 'obj-reed'",
        "did you mean 'obj-read'",
    ),
    (
        "evidence not in the cited paragraph",
        lambda t: _edit(t, "evidence: will last three days this year", "evidence: will last four days this year"),
        (136, 15),
        "the quote is not in paragraph 'p1'",
        "copy the words exactly",
    ),
    (
        "answer not in options",
        lambda t: _edit(t, "answer: Three days", "answer: Four days"),
        (134, 13),
        "the answer 'Four days' is not one of the options",
        None,
    ),
    (
        "unknown question type",
        lambda t: _edit(t, "type: single_choice", "type: single"),
        (131, 11),
        "unknown question type 'single'",
        "did you mean 'single_choice'",
    ),
    (
        "misspelled enum value",
        lambda t: _edit(t, "support: analyst-speculation", "support: analyst-speculaton"),
        (105, 14),
        "'analyst-speculaton' is not an allowed value for support",
        "did you mean 'analyst-speculation'",
    ),
    (
        "true/false answer that is not a boolean",
        lambda t: _edit(t, "answer: yes", "answer: maybe"),
        (152, 13),
        "expected true or false",
        None,
    ),
    (
        "missing required key",
        lambda t: _edit(t, "level: Grades 6-8\n", ""),
        (2, 1),
        "missing required key 'level'",
        None,
    ),
    (
        "duplicate id",
        lambda t: _edit(t, "  - id: p2\n", "  - id: p1\n"),
        (20, 9),
        "duplicate id 'p1' in paragraphs",
        None,
    ),
    (
        "invalid id",
        lambda t: _edit(t, "id: harbour-festival", "id: Harbour Festival"),
        (2, 5),
        "'Harbour Festival' is not a valid id",
        "lower-case",
    ),
    (
        "blank sentence not in paragraph",
        lambda t: _edit(t, "it is the [[busiest]] weekend", "it is the [[quietest]] weekend"),
        (128, 15),
        "the quote is not in paragraph 'p2'",
        None,
    ),
    (
        "rubric that does not reach the points",
        lambda t: _edit(
            t, "    points: 2\n    rubric:\n      - points: 2", "    points: 2\n    rubric:\n      - points: 3"
        ),
        (177, 5),
        "the rubric's top level gives 3 points",
        None,
    ),
    ("alias bomb", lambda t: LOL_BOMB, (2, 8), "aliases (*a) are not allowed", "write the repeated value out"),
    ("self-referencing alias", lambda t: "id: &x [1, *x]\n", (1, 12), "aliases (*x) are not allowed", None),
    ("empty file", lambda t: "", (1, 1), "the file is empty", "quizgen new"),
    ("only a comment", lambda t: "# nothing yet\n", (1, 1), "the file is empty", None),
    ("not a mapping", lambda t: "- id: x\n", (1, 1), "a lesson must be a mapping", None),
    ("two documents", lambda t: t + "---\nid: second\n", (204, 1), "one YAML document", None),
]


@pytest.mark.parametrize(("name", "change", "position", "words", "hint"), BROKEN, ids=[case[0] for case in BROKEN])
def test_broken_lesson_is_reported_with_position(tmp_path, mini_text, name, change, position, words, hint):
    path = tmp_path / "broken.yaml"
    path.write_text(change(mini_text), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    line, column = position
    matching = [line_ for line_ in result.output.splitlines() if words in line_]
    assert matching, result.output
    assert matching[0].startswith(f"{path}:{line}:{column}: error:"), matching[0]
    if hint:
        assert hint in result.output


def test_every_mistake_is_reported_at_once(tmp_path, mini_text):
    text = _edit(mini_text, "estimated_minutes: 15", "estimated_minutes: soon")
    text = _edit(text, "    options: [One day, Two days, Three days]", "    optons: [One day, Two days, Three days]")
    text = _edit(text, "asserted_by: mayor", "asserted_by: nobody")
    text = _edit(text, "evidence: Some residents allege\n    topic", "evidence: Some residents agree\n    topic")
    path = tmp_path / "many.yaml"
    path.write_text(text, encoding="utf-8")
    output = CliRunner().invoke(main, ["validate", str(path)]).output
    for expected in (
        "expected a whole number",
        "unknown key 'optons'",
        "unknown actor 'nobody'",
        "the quote is not in paragraph 'p3'",
    ):
        assert expected in output


def test_non_utf8_file_names_the_byte_position(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("id: caf\u00e9\ntitle: x\n".encode("latin-1"))
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:1:8: error: the file is not UTF-8 text" in result.output


def test_oversized_file_is_refused_quickly_without_reading_it_all(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.write(b"id: x\nparagraphs:\n")
        handle.write(b"  - {id: p, text: lorem ipsum dolor sit amet}\n" * (50 * 1024 * 1024 // 46))
    started = time.perf_counter()
    result = check_lesson(path)
    assert time.perf_counter() - started < 1.0
    assert result.lesson is None
    assert f"larger than {MAX_LESSON_BYTES // (1024 * 1024)} MB" in result.errors[0].message


def test_alias_bomb_and_self_reference_are_refused_fast():
    for text in (LOL_BOMB, "a: &x [1, *x]\n", "a: &x {b: *x}\n"):
        started = time.perf_counter()
        result = check_lesson_text(text, "bomb.yaml")
        assert time.perf_counter() - started < 0.1
        assert result.lesson is None
        assert any(d.code == "alias" for d in result.errors)


@pytest.mark.parametrize(
    ("written", "kept"),
    [("no", "no"), ("'no'", "no"), ("012", "012"), ("on", "on"), ("1e3", "1e3"), ("2024-11-15", "2024-11-15")],
)
def test_yaml_11_surprises_keep_the_authors_text(mini_text, written, kept):
    text = _edit(mini_text, '    accepted: ["10,000", "10000", ten thousand]', f"    accepted: [{written}]")
    result = check_lesson_text(text, "surprise.yaml")
    question = next(q for q in result.lesson.questions if q.id == "q-short")
    assert question.accepted == [kept]


def test_yaml_booleans_work_where_the_model_wants_a_boolean(mini_text):
    for written, value in (("yes", True), ("no", False), ("true", True), ("off", False)):
        lesson = check_lesson_text(_edit(mini_text, "answer: yes", f"answer: {written}"), "tf.yaml").lesson
        assert next(q for q in lesson.questions if q.id == "q-tf").answer is value


def test_merge_key_is_refused(mini_text):
    text = mini_text + "extra: &base {a: 1}\nmore:\n  <<: *base\n"
    result = check_lesson_text(text, "merge.yaml")
    assert any(d.code == "alias" for d in result.errors)


def test_deep_nesting_is_an_error_not_a_crash():
    text = "id: " + "[" * 5000 + "]" * 5000 + "\n"
    result = check_lesson_text(text, "deep.yaml")
    assert result.lesson is None and result.errors


def test_validate_as_a_process_prints_no_traceback(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: [unclosed\n", encoding="utf-8")
    process = subprocess.run(
        [sys.executable, "-m", "quizgen.cli", "validate", str(path)], capture_output=True, text=True
    )
    assert process.returncode == 1
    assert "Traceback" not in process.stdout + process.stderr
    assert f"{path}:2:1: error: YAML syntax error" in process.stdout


def test_thousands_of_problems_are_summarised():
    text = "id: big\nparagraphs:\n" + "  - {id: p, text: words}\n" * 1000
    result = check_lesson_text(text, "big.yaml")
    assert len(result.diagnostics) == 201
    assert result.diagnostics[-1].message.startswith("... and ") and result.diagnostics[-1].severity == "error"


def test_a_generator_named_without_settings_runs_with_its_defaults(mini_text):
    text = _edit(mini_text, "  claim_source: {}", "  claim_source:")
    lesson = check_lesson_text(text, "gen.yaml").lesson
    assert lesson.generators.claim_source is not None and lesson.generators.claim_source.points == 1


# --- a lesson loaded for use skips the checks that can only warn, and still has validate's errors -------------

MODULE_LESSON = MINI_LESSON.parent / "module.yaml"
SHIPPED = sorted((MINI_LESSON.parents[2] / "lessons").glob("*.yaml"))

# Mistakes found only once the lesson's shape is right (the item and bank checks, the stage that skips warnings).
BANK_STAGE_MISTAKES = [
    (MINI_LESSON, "    answer: Three days\n", "    answer: Three dayz\n", "is not one of the options"),
    (
        MINI_LESSON,
        "    answer: Three days\n",
        "    answer: Three days\n    lint_ignore: [{lint: key-lenght, reason: x}]\n",
        "unknown lint",
    ),
    (MODULE_LESSON, "uses: [reading, annotation, q-days]", "uses: [reading, annotation, q-dayz]", "unknown activity"),
    (MODULE_LESSON, "  items: [q-tf, q-short]", "  items: [q-tf, q-shrt]", "unknown item id"),
]


@pytest.mark.parametrize("path", [*SHIPPED, MINI_LESSON, MODULE_LESSON], ids=lambda path: path.stem)
def test_checking_without_warnings_accepts_the_same_lessons_with_the_same_bank(path):
    full, quick = check_lesson(path), check_lesson(path, with_warnings=False)
    assert quick.errors == full.errors
    assert (quick.lesson is None) == (full.lesson is None)
    assert [item.id for item in quick.bank or []] == [item.id for item in full.bank or []]


@pytest.mark.parametrize(("path", "old", "new", "words"), BANK_STAGE_MISTAKES, ids=lambda value: str(value)[-20:])
def test_a_lesson_loaded_for_use_reports_exactly_the_errors_validate_gives(tmp_path, path, old, new, words):
    broken = tmp_path / "broken.yaml"
    broken.write_text(_edit(path.read_text(encoding="utf-8"), old, new), encoding="utf-8")
    full = check_lesson(broken)
    assert any(words in error.message for error in full.errors) and full.warnings
    assert check_lesson(broken, with_warnings=False).errors == full.errors
    with pytest.raises(LessonError) as raised:
        load_lesson(broken)
    assert raised.value.diagnostics == full.errors


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_lesson_with_a_line_removed_has_the_same_errors_with_or_without_warnings(data):
    lines = MODULE_LESSON.read_text(encoding="utf-8").splitlines(keepends=True)
    removed = data.draw(st.integers(min_value=0, max_value=len(lines) - 1))
    text = "".join(lines[:removed] + lines[removed + 1 :])
    full, quick = check_lesson_text(text, "cut.yaml"), check_lesson_text(text, "cut.yaml", with_warnings=False)
    assert quick.errors == full.errors and (quick.lesson is None) == (full.lesson is None)
