"""The quizgen command as authors use it."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen.cli import lesson_schema_json, main
from quizgen.loader import check_lesson

ROOT = Path(__file__).resolve().parents[2]


def test_committed_schema_is_up_to_date():
    committed = (ROOT / "docs" / "lesson.schema.json").read_text(encoding="utf-8")
    assert committed == lesson_schema_json(), "run: quizgen schema -o docs/lesson.schema.json"


def test_schema_describes_question_types_and_forbids_unknown_keys():
    schema = json.loads(lesson_schema_json())
    assert schema["additionalProperties"] is False
    assert set(schema["$defs"]["SingleChoice"]["required"]) >= {
        "id",
        "stem",
        "options",
        "answer",
        "evidence",
        "paragraph",
    }
    assert schema["$defs"]["Support"]["enum"] == [
        "confirmed",
        "official-statement",
        "state-media-report",
        "official-allegation",
        "denial",
        "unverified-media",
        "analyst-speculation",
        "opinion",
    ]


def test_validate_json_output_for_machines(tmp_path, mini_text):
    bad = tmp_path / "bad.yaml"
    bad.write_text(mini_text.replace("answer: Three days", "answer: Four days"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--format", "json", str(bad)])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    diagnostic = next(d for d in report["files"][0]["diagnostics"] if d["severity"] == "error")
    assert (diagnostic["line"], diagnostic["column"], diagnostic["path"]) == (134, 13, "questions[0].answer")


def test_strict_turns_warnings_into_failures(lessons_dir):
    runner = CliRunner()
    assert runner.invoke(main, ["validate", str(lessons_dir)]).exit_code == 0
    strict = runner.invoke(main, ["validate", "--strict", str(lessons_dir)])
    assert strict.exit_code == 1 and "the negative 'not' in the stem is easy to miss" in strict.output


def test_new_scaffolds_a_valid_lesson(tmp_path):
    result = CliRunner().invoke(main, ["new", "drones-week-1", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    created = tmp_path / "drones-week-1.yaml"
    outcome = check_lesson(created)
    assert outcome.lesson is not None and outcome.lesson.id == "drones-week-1", outcome.diagnostics
    assert CliRunner().invoke(main, ["new", "drones-week-1", "--dir", str(tmp_path)]).exit_code != 0
    assert CliRunner().invoke(main, ["new", "Bad Slug", "--dir", str(tmp_path)]).exit_code != 0


def test_preview_shows_keys_explanations_and_trace():
    lesson_file = ROOT / "tests" / "fixtures" / "mini.yaml"
    result = CliRunner().invoke(main, ["preview", str(lesson_file), "--seed", "5", "--trace"])
    assert result.exit_code == 0, result.output
    assert "variant 0000-005" in result.output
    assert "Key: Three days" in result.output
    assert "Evidence: \u201cwill last three days this year\u201d (\u00b61)" in result.output
    assert "trace: rule claim_source from claims." in result.output
    again = CliRunner().invoke(
        main, ["preview", str(lesson_file), "--variant", "0000-005" + result.output.split("variant 0000-005")[1][0]]
    )
    assert again.output == CliRunner().invoke(main, ["preview", str(lesson_file), "--seed", "5"]).output


def test_preview_of_a_broken_lesson_lists_errors(tmp_path, mini_text):
    bad = tmp_path / "bad.yaml"
    bad.write_text(mini_text.replace("asserted_by: mayor", "asserted_by: mayr"), encoding="utf-8")
    result = CliRunner().invoke(main, ["preview", str(bad)])
    assert result.exit_code == 1 and "unknown actor 'mayr'" in result.output


def test_stats_counts_items_by_type_topic_skill_objective():
    result = CliRunner().invoke(main, ["stats", str(ROOT / "tests" / "fixtures" / "mini.yaml")])
    assert result.exit_code == 0
    for heading in ("by type:", "by topic:", "by skill:", "by objective:"):
        assert heading in result.output
    assert "6 hand-written" in result.output


def test_core_commands_import_nothing_heavy():
    code = (
        "import sys; from quizgen.cli import main; import quizgen.loader, quizgen.generators, quizgen.quiz, quizgen.grading;"
        "heavy = [m for m in ('flask', 'sqlalchemy', 'weasyprint', 'quizgen.web', 'quizgen.storage', 'quizgen.pdf') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert output == ""


def _modules_loaded_by(arguments: list[str]) -> set[str]:
    """The modules a fresh ``quizgen ARGUMENTS`` process has imported when it ends."""
    code = (
        "import sys\nfrom quizgen.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print('MODULES', *sorted(sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code, *arguments], capture_output=True, text=True, check=True)
    last = result.stdout.strip().splitlines()[-1].split()
    assert last[0] == "MODULES", result.stdout + result.stderr
    return set(last[1:])


@pytest.mark.parametrize(
    ("command", "not_needed"),
    [
        (["validate"], {"markdown_it", "rapidfuzz", "xlsxwriter", "quizgen.exports"}),
        (["export", "--format", "gift", "--bank"], {"rapidfuzz", "xlsxwriter", "quizgen.exports.qti"}),
        (["export", "--format", "kahoot", "--bank"], {"markdown_it", "rapidfuzz", "quizgen.exports.moodle"}),
        (["export", "--format", "quizizz", "--bank"], {"markdown_it", "rapidfuzz", "quizgen.exports.qti"}),
        # the fixture's passage is plain text: its HTML needs no Markdown parser
        (["export", "--format", "qti", "--bank"], {"markdown_it", "rapidfuzz", "xlsxwriter"}),
        (["export", "--format", "moodle", "--bank"], {"markdown_it", "rapidfuzz", "xlsxwriter"}),
    ],
)
def test_commands_start_without_libraries_they_do_not_use(tmp_path, command, not_needed):
    """Start-up is most of a command's time: each library is imported only on the path that uses it."""
    lesson = str(ROOT / "tests" / "fixtures" / "mini.yaml")
    output = ["-o", str(tmp_path / "out")] if command[0] == "export" else []
    loaded = _modules_loaded_by([command[0], lesson, *command[1:], *output])
    assert "pydantic" in loaded and not (loaded & not_needed)


@pytest.mark.parametrize("output_format", ["gift", "quizizz"])
def test_a_command_process_writes_its_whole_output(output_format):
    """The process run (collector set for a short run, frozen at exit) gives the bytes the in-process export gives."""
    from quizgen.exports import export
    from quizgen.loader import load_lesson

    lesson_path = ROOT / "tests" / "fixtures" / "mini.yaml"
    code = "import sys\nfrom quizgen.cli import main\nmain(sys.argv[1:])"
    arguments = ["export", str(lesson_path), "--format", output_format, "--bank", "-o", "-"]
    result = subprocess.run([sys.executable, "-c", code, *arguments], capture_output=True, check=True)
    expected = export(load_lesson(lesson_path), output_format).data
    if output_format == "gift":
        assert result.stdout == expected
    else:  # an xlsx carries its creation time: compare the sheets
        from openpyxl import load_workbook

        def rows(data: bytes) -> list[list[tuple]]:
            return [list(sheet.values) for sheet in load_workbook(io.BytesIO(data)).worksheets]

        assert rows(result.stdout) == rows(expected)


def test_near_miss_hint_still_comes_with_the_fuzzy_matcher(tmp_path, mini_text):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        mini_text.replace("evidence: The town council announced", "evidence: The town councl announced"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1 and "councl" in result.output and "the passage has" in result.output


def test_same_seed_same_quiz_across_processes():
    code = (
        "import sys; from quizgen.loader import load_lesson; from quizgen.quiz import build_quiz, QuizOptions;"
        f"print(build_quiz(load_lesson({str(ROOT / 'tests' / 'fixtures' / 'mini.yaml')!r}), 12345, QuizOptions(count=9)).to_json())"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": str(hash_seed), "PATH": "/usr/bin:/bin"},
        ).stdout
        for hash_seed in (1, 2, 3)
    }
    assert len(outputs) == 1
