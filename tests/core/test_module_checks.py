"""Teaching-module parts: the loader checks every id, timing, quote and standard, each at its file position."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.loader import check_lesson_text
from quizgen.module.checks import check_module_bank
from quizgen.module.discussion import discussion_ids
from quizgen.module.standards import is_known_standard, known_standards
from quizgen.module_model import WRITING_TASK_ID
from quizgen.quiz import QuizOptions, build_quiz
from tests.conftest import FIXTURES

MODULE = (FIXTURES / "module.yaml").read_text(encoding="utf-8")


def _edit(old: str, new: str, text: str = MODULE) -> str:
    assert old in text, f"fixture no longer contains {old!r}"
    return text.replace(old, new, 1)


def _line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def _only(result, code: str):
    found = [d for d in result.diagnostics if d.code == code]
    assert len(found) == 1, [d.format() for d in result.diagnostics]
    return found[0]


def test_the_module_fixture_loads_with_every_part():
    result = check_lesson_text(MODULE, "module.yaml")
    assert not result.errors, [d.format() for d in result.errors]
    lesson = result.lesson
    assert lesson.source.outlet is None
    assert lesson.teacher_guide.periods == [45, 45]
    assert lesson.claims[-1].updates[0].status == "disputed"


def test_the_writing_task_and_the_planned_items_are_in_every_variant():
    result = check_lesson_text(MODULE, "module.yaml")
    by_id = {item.id: item for item in result.bank}
    task = by_id[WRITING_TASK_ID]
    assert task.type == "open_response" and task.points == 8 and task.always
    assert task.objective == "obj-write"
    assert by_id["q-days"].always, "q-days is named in the teacher guide's sequence"
    for seed in range(5):
        quiz = build_quiz(result.lesson, seed, QuizOptions(count=4), bank=result.bank)
        drawn = {entry.id for entry in quiz.items}
        assert {WRITING_TASK_ID, "q-days"} <= drawn


def test_an_unknown_id_in_a_sequence_is_reported_at_its_position_with_a_suggestion():
    text = _edit("uses: [discussion, disc-fireworks, disc-own]", "uses: [discussion, disc-firework, disc-own]")
    result = check_lesson_text(text, "module.yaml")
    problem = _only(result, "reference")
    assert problem.severity == "error"
    assert "unknown activity or item id 'disc-firework'" in problem.message
    assert "did you mean 'disc-fireworks'" in problem.hint
    assert problem.line == _line_of(text, "uses: [discussion, disc-firework")
    assert problem.path == "teacher_guide.sequence[2].uses[1]"


def test_minutes_that_overflow_a_period_are_reported_at_the_phase_that_overflows():
    text = _edit("      minutes: 15\n      title: Discuss", "      minutes: 25\n      title: Discuss")
    result = check_lesson_text(text, "module.yaml")
    problem = _only(result, "timing")
    assert "period 1 is 45 minutes" in problem.message and "55 minutes" in problem.message
    assert problem.line == _line_of(text, "minutes: 25")
    assert problem.column == 16


def test_a_phase_in_a_period_the_guide_does_not_have_is_an_error():
    text = _edit("    - period: 2\n      minutes: 5", "    - period: 3\n      minutes: 5")
    problem = _only(check_lesson_text(text, "module.yaml"), "timing")
    assert "period 3 does not exist" in problem.message


def test_an_unknown_standard_code_is_an_error_with_did_you_mean():
    text = _edit("standards: [WHST.6-8.1]", "standards: [WHST.6-8.l]")
    problem = _only(check_lesson_text(text, "module.yaml"), "standard")
    assert problem.severity == "error"
    assert "unknown standard code 'WHST.6-8.l'" in problem.message
    assert "did you mean 'WHST.6-8." in problem.hint
    assert problem.line == _line_of(text, "standards: [WHST.6-8.l]")


def test_a_standard_no_item_assesses_is_a_warning_at_the_standard():
    text = _edit("  objective: obj-write\n", "")
    result = check_lesson_text(text, "module.yaml")
    assert not result.errors
    problem = _only(result, "standard-unassessed")
    assert problem.severity == "warning"
    assert "'WHST.6-8.1' has no item assessing it" in problem.message
    assert problem.line == _line_of(text, "standards: [WHST.6-8.1]")


def test_unknown_references_and_quotes_in_module_parts_are_errors():
    text = _edit(
        "      sources: [council-programme]\n  misconceptions", "      sources: [council-programm]\n  misconceptions"
    )
    text = _edit("    evidence: spent too much on fireworks", "    evidence: spent far too much", text)
    text = _edit("  paragraphs: [p3, p4]", "  paragraphs: [p3, p9]", text)
    text = _edit("    - claim: visitors", "    - claim: vistors", text)
    result = check_lesson_text(text, "module.yaml")
    messages = {d.path: d for d in result.errors}
    assert "unknown reference 'council-programm'" in messages["teacher_guide.background[0].sources[0]"].message
    assert "not in paragraph 'p3'" in messages["discussion[0].evidence"].message
    assert "unknown paragraph 'p9'" in messages["writing_task.paragraphs[1]"].message
    assert "did you mean 'visitors'" in messages["lateral_reading.claims[0].claim"].hint


def test_exit_ticket_items_must_exist():
    text = _edit("  items: [q-tf, q-short]", "  items: [q-tf, q-shrt]")
    problem = _only(check_lesson_text(text, "module.yaml"), "reference")
    assert problem.path == "exit_ticket.items[1]" and "did you mean 'q-short'" in problem.hint


def test_an_old_check_date_warns_and_the_limit_is_configurable():
    old = _edit('checked: "2026-11-30"\nteacher', 'checked: "2020-01-01"\nteacher')
    result = check_lesson_text(old, "module.yaml")
    problem = _only(result, "recheck")
    assert problem.severity == "warning" and "last re-checked on 2020-01-01" in problem.message
    assert problem.line == _line_of(old, 'checked: "2020-01-01"')
    assert not [d for d in check_lesson_text(old, "m.yaml", recheck_days=100_000).diagnostics if d.code == "recheck"]


def test_a_missing_check_date_warns_when_claims_have_updates():
    text = _edit('checked: "2026-11-30"\nteacher', "teacher")
    problem = _only(check_lesson_text(text, "module.yaml"), "recheck")
    assert "no `checked:` date" in problem.message


def test_the_recheck_warning_counts_days_from_today():
    result = check_lesson_text(MODULE, "module.yaml")
    lesson = result.lesson
    from quizgen.yamlsource import parse_yaml

    doc, _ = parse_yaml(MODULE, "module.yaml")
    day = datetime.date(2026, 11, 30)
    cards = discussion_ids(lesson)
    assert not check_module_bank(doc, lesson, result.bank, cards, recheck_days=10, today=day + datetime.timedelta(10))
    late = check_module_bank(doc, lesson, result.bank, cards, recheck_days=10, today=day + datetime.timedelta(11))
    assert [d.code for d in late] == ["recheck"]


def test_lessons_without_module_parts_and_with_no_outlet_still_load(mini_text):
    result = check_lesson_text(_edit("  outlet: Example Gazette\n", "", mini_text), "mini.yaml")
    assert not result.errors
    assert all(item.id != WRITING_TASK_ID for item in result.bank)


@pytest.mark.parametrize(
    "code", ["RI.8.8", "RH.9-10.6", "WHST.11-12.1", "SL.9-10.1", "D2.Civ.10.9-12", "D3.1.9-12", "D4.6.6-8"]
)
def test_the_bundled_list_has_the_codes_the_format_names(code):
    assert is_known_standard(code)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=20))
def test_a_code_is_known_exactly_when_it_is_in_the_bundled_list(code):
    assert is_known_standard(code) == (code.strip() in known_standards())
    if not code.startswith(("RI.", "RH.", "WHST.", "SL.", "D1.", "D2.", "D3.", "D4.")):
        assert not is_known_standard(code)


def test_validate_takes_the_recheck_limit_from_the_option_or_the_environment(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from quizgen.cli import main

    lesson = tmp_path / "module.yaml"
    lesson.write_text(_edit('checked: "2026-11-30"\nteacher', 'checked: "2024-01-01"\nteacher'), encoding="utf-8")
    runner = CliRunner()
    assert "last re-checked on 2024-01-01" in runner.invoke(main, ["validate", str(lesson)]).output
    assert "re-checked" not in runner.invoke(main, ["validate", str(lesson), "--recheck-days", "100000"]).output
    monkeypatch.setenv("QUIZGEN_RECHECK_DAYS", "100000")
    assert "re-checked" not in runner.invoke(main, ["validate", str(lesson)]).output
    monkeypatch.setenv("QUIZGEN_RECHECK_DAYS", "soon")
    failed = runner.invoke(main, ["validate", str(lesson)])
    assert failed.exit_code == 1 and "QUIZGEN_RECHECK_DAYS must be a whole number" in failed.output


def test_a_question_may_not_take_the_writing_tasks_id():
    text = _edit("  - id: q-open\n", "  - id: writing-task\n")
    problem = [d for d in check_lesson_text(text, "module.yaml").errors if d.code == "duplicate-id"]
    assert problem and "the writing task's item" in problem[0].message


def test_the_pre_reading_image_must_be_in_the_asset_folder(tmp_path):
    text = _edit("before_reading:\n", "before_reading:\n  image:\n    file: map.png\n    alt: A map of Portville\n")
    lesson = tmp_path / "module.yaml"
    lesson.write_text(text, encoding="utf-8")
    from quizgen.loader import check_lesson

    problem = [d for d in check_lesson(lesson).errors if d.path == "before_reading.image.file"]
    assert problem and "'map.png' is not in the lesson's asset folder" in problem[0].message
    (tmp_path / "harbour-module").mkdir()
    (tmp_path / "harbour-module" / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert not check_lesson(lesson).errors


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(10, 120), min_size=1, max_size=4),
    st.lists(st.tuples(st.integers(1, 5), st.integers(1, 90)), min_size=1, max_size=8),
)
def test_a_period_is_reported_exactly_when_its_phases_overflow_it(periods, phases):
    from quizgen.module.checks import check_module_references
    from quizgen.yamlsource import parse_yaml

    sequence = "".join(
        f"    - period: {period}\n      minutes: {minutes}\n      title: P\n      do: D\n" for period, minutes in phases
    )
    doc, _ = parse_yaml(f"teacher_guide:\n  periods: {periods}\n  sequence:\n{sequence}", "t.yaml")
    found: list = []
    check_module_references(doc, lambda *args: None, lambda *args: None, found.append)
    overflowing = {
        number
        for number, length in enumerate(periods, start=1)
        if sum(minutes for period, minutes in phases if period == number) > length
    }
    reported = {int(d.message.split()[1]) for d in found if "minutes, but" in d.message}
    assert reported == overflowing
    missing = {period for period, _ in phases if period > len(periods)}
    assert {int(d.message.split()[1]) for d in found if "does not exist" in d.message} == missing


def test_the_module_core_imports_no_flask_sqlalchemy_or_weasyprint():
    import subprocess
    import sys

    code = (
        "import sys; import quizgen.module_model, quizgen.module.checks, quizgen.module.guide, "
        "quizgen.module.discussion, quizgen.module.annotation, quizgen.module.lateral, quizgen.module.writing;"
        "print(','.join(m for m in ('flask', 'sqlalchemy', 'weasyprint', 'quizgen.pdf') if m in sys.modules))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert output == ""


def test_the_generated_discussion_set_covers_each_kind_of_weak_support():
    from quizgen.module.discussion import MISSING_PERSPECTIVE_ID, discussion_set

    lesson = check_lesson_text(MODULE, "module.yaml").lesson
    cards = {card.id: card for card in discussion_set(lesson)}
    assert cards["disc-fireworks"].kind == "allegation-denial"
    assert "disc-denial" not in cards, "the denial is discussed with the allegation it answers"
    assert cards["disc-waste"].kind == "unnamed-source"
    assert cards["disc-best-thing"].kind == "opinion"
    assert cards["disc-beach"].kind == "evidence"
    assert "Marta Reyes" in " ".join(cards[MISSING_PERSPECTIVE_ID].look_fors)
    assert cards["disc-own"].kind == "authored"
    for card in cards.values():
        if card.evidence:
            assert any(card.evidence in look for look in card.look_fors) or card.kind == "authored"


def test_two_planned_items_on_one_fact_are_reported_where_the_second_is_named():
    text = _edit("uses: [lateral-reading]", "uses: [lateral-reading, claim-source-visitors, claim-support-visitors]")
    clash = _only(check_lesson_text(text, "module.yaml"), "always-clash")
    assert clash.severity == "warning" and "claim-support-visitors" in clash.message
    assert clash.line == _line_of(text, "uses: [lateral-reading, claim-source")
    assert not [d for d in check_lesson_text(MODULE, "module.yaml").diagnostics if d.code == "always-clash"]
