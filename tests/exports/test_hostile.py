"""Hostile lesson text (markup, control characters, ``]]>``, GIFT specials, formulas, very long strings) cannot
break an exported file or put markup on the platform: every format parses, every text reads back as written."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from lxml import etree
from lxml import html as lxml_html
from openpyxl import load_workbook

from quizgen.exports import export
from quizgen.exports.common import clean, one_line
from quizgen.loader import load_lesson
from quizgen.quiz import build_quiz

from .conftest import gift_text, parse_gift, qti_files, read_qti, validated_qti
from .hostile import write_hostile_lesson

SAFE_TAGS = {"p", "br", "strong", "em", "h2", "h3", "div", "a", "code", "ul", "ol", "li", "blockquote", "sup", "sub"}


@pytest.fixture(scope="module")
def lesson(tmp_path_factory):
    return load_lesson(write_hostile_lesson(tmp_path_factory.mktemp("hostile")))


def assert_inert_html(fragment: str) -> None:
    """The HTML a platform will show has only harmless tags, no event handlers and no file: or script links."""
    if not fragment.strip():
        return
    for element in lxml_html.fragment_fromstring(fragment, create_parent="div").iter():
        if element.tag == "div" and element.getparent() is None:
            continue
        assert element.tag in SAFE_TAGS, (element.tag, fragment[:200])
        for name, value in element.attrib.items():
            assert not name.startswith("on"), name
            assert not value.strip().lower().startswith(("javascript:", "file:", "data:")), value


def test_qti_stays_valid_and_inert_and_keeps_every_text(lesson):
    files = qti_files(export(lesson, "qti").data)
    (name,) = [n for n in files if n.endswith(".xml") and n != "imsmanifest.xml"]
    root = validated_qti(files[name])
    for mattext in root.iter("mattext"):
        assert_inert_html(mattext.text or "")
    records = {record["id"]: record for record in read_qti(root)}
    for question in lesson.questions:
        assert records[question.id]["stem"] == clean(question.stem)
    choice = lesson.questions[2]
    assert sorted(records["specials-choice"]["options"]) == sorted(choice.options)
    assert records["specials-choice"]["key"] == {choice.answer}
    assert records["specials-typed"]["key"] == set(lesson.questions[5].accepted)
    assert records["specials-blank"]["key"] == [{"calm"}]


def test_moodle_xml_stays_valid_and_inert_and_embeds_only_the_real_blanks(lesson):
    data = export(lesson, "moodle").data
    root = etree.fromstring(data)  # well-formed despite ]]>, -->, control characters
    assert root.tag == "quiz"
    for text in root.iter("text"):
        if text.getparent().tag in (
            "questiontext",
            "generalfeedback",
            "answer",
            "feedback",
            "graderinfo",
            "subquestion",
        ):
            assert_inert_html(text.text or "")
    cloze = next(q for q in root.iter("question") if q.get("type") == "cloze")
    questiontext = cloze.findtext("questiontext/text")
    # The lesson's own "{1:SHORTANSWER:=x}" and "{2:MULTICHOICE:...}" stay text; only the one blank is embedded.
    assert re.findall(r"\{\d+:(?:SHORTANSWER|MULTICHOICE):[^}]*\}", questiontext) == ["{1:SHORTANSWER:=calm}"]
    stems = {q.findtext("idnumber"): q.findtext("questiontext/text") for q in root.iter("question")}
    assert "&lt;b&gt;bold&lt;/b&gt;" in stems["specials-choice"]
    assert "\x07" not in data.decode("utf-8")


def test_gift_parses_to_the_same_questions_and_texts(lesson):
    exported = export(lesson, "gift")
    parsed = parse_gift(exported.data.decode("utf-8"))
    questions = {q["title"].split(" ", 1)[1]: q for q in parsed if q["type"] not in ("Category", "Description")}
    assert set(questions) == {question.id for question in lesson.questions}
    for question in lesson.questions:
        got = questions[question.id]
        assert gift_text(got["stem"]).split("\n")[0] == clean(question.stem).replace("\r", "")
        assert_inert_html(got["stem"]["text"])
    choice = questions["specials-choice"]
    assert sorted(gift_text(c["text"]) for c in choice["choices"]) == sorted(lesson.questions[2].options)
    assert {gift_text(c["text"]) for c in choice["choices"] if c["isCorrect"]} == {lesson.questions[2].answer}
    typed = questions["specials-typed"]
    assert {gift_text(c["text"]) for c in typed["choices"]} == set(lesson.questions[5].accepted)
    match = questions["specials-match"]
    assert {gift_text(p["subquestion"]): gift_text(p["subanswer"]) for p in match["matchPairs"]} == {
        pair.left.replace("->", "\u2192"): pair.right for pair in lesson.questions[6].pairs
    }
    assert any("specials-match" in note and "\u2192" in note for note in exported.notes)
    blank = questions["specials-blank"]
    assert {gift_text(c["text"]) for c in blank["choices"]} == {"calm"}


@pytest.mark.parametrize("tool", ["kahoot", "quizizz"])
def test_spreadsheets_keep_formulas_as_text_and_report_what_they_cannot_take(lesson, tool):
    quiz = build_quiz(lesson, 3)
    exported = export(lesson, tool, quizzes=[quiz])
    book = load_workbook(io.BytesIO(exported.data))
    sheet = book.worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type != "f" for cell in cells)  # a lesson's "=HYPERLINK(...)" never runs
    values = {cell.value for cell in cells}
    assert lesson.questions[2].options[0] in values and "+SUM(1,2)" in values
    assert "\x07" not in "".join(str(v) for v in values)
    notes = "\n".join(str(row[0].value) for row in book["quizgen notes"].iter_rows() if row[0].value)
    for skipped in ("specials-match", "specials-blank", "specials-essay"):
        assert skipped in notes and any(skipped in note for note in exported.notes)
    if tool == "kahoot":
        assert "specials-typed" in notes  # Kahoot takes no typed answers
        assert "specials-truth" in notes and "120" in notes  # the long statement is reported, not cut
        long_cell = next(v for v in values if isinstance(v, str) and v.startswith("Very long statement"))
        assert long_cell == one_line(lesson.questions[4].stem)


def test_every_format_carries_the_title_source_and_attribution(lesson):
    for output_format in ("qti", "moodle", "gift"):
        data = export(lesson, output_format).data
        text = (
            "\n".join(v.decode("utf-8") for v in qti_files(data).values()) if output_format == "qti" else data.decode()
        )
        assert "Outlet" in text and "exported by quizgen" in text
    for tool in ("kahoot", "quizizz"):
        book = load_workbook(io.BytesIO(export(lesson, tool).data))
        notes = [str(row[0].value) for row in book["quizgen notes"].iter_rows() if row[0].value]
        assert notes[0].startswith("Hostile") and any("Outlet" in line for line in notes)
    with zipfile.ZipFile(io.BytesIO(export(lesson, "qti").data)) as archive:
        assert "quizgen-notes.txt" in archive.namelist()
