"""The hostile lesson of the PDF tests, with more questions aimed at export formats: GIFT's specials, ``]]>``,
comment ends, control characters, Moodle's embedded-answer syntax, spreadsheet formulas and very long text."""

from __future__ import annotations

from pathlib import Path

from ..pdf.test_hostile import hostile_lesson_yaml

SPECIALS = "~ = # { } : \\\\ -> ]]> -- --> <!-- \\x07bell\\x1b {1:SHORTANSWER:=x} [blank1] // $CATEGORY: <b>bold</b>"
"""As written in YAML (double-quoted): GIFT's specials, XML's ends, a bell and an escape, Moodle's cloze syntax."""
LONG = "Very long statement " + "about the calm harbour " * 150
FORMULA = '=HYPERLINK(\\"http://127.0.0.1:9\\",\\"click\\")'

EXTRA_QUESTIONS = f"""
  - id: specials-choice
    type: single_choice
    stem: "Specials {SPECIALS}"
    options: ["{FORMULA}", "~tilde #hash {{brace}} a:b \\\\ back", "]]> end --> <!-- x <script>alert(2)</script>"]
    answer: "{FORMULA}"
    paragraph: p1
    evidence: The harbour is calm today.
    topic: comprehension
    explanation: "Because {SPECIALS}"
  - id: specials-select
    type: multiple_select
    stem: "Select {SPECIALS}"
    options: ["+SUM(1,2)", "@cmd", "-2+3", "plain = sign"]
    answers: ["+SUM(1,2)", "plain = sign"]
    paragraph: p1
    evidence: The harbour is calm today.
    topic: comprehension
  - id: specials-truth
    type: true_false
    stem: "{LONG}"
    answer: true
    paragraph: p1
    evidence: The harbour is calm today.
    topic: comprehension
  - id: specials-typed
    type: short_answer
    stem: "Type {SPECIALS}"
    accepted: ["a=b", "{{x}}~y", "c#d:e"]
    paragraph: p1
    evidence: The harbour is calm today.
    topic: comprehension
  - id: specials-match
    type: matching
    stem: "Match {SPECIALS}"
    pairs:
      - left: "a -> b = c"
        right: "{{d}} ~ e"
      - left: "]]> f"
        right: "g # h : i"
      - left: "<script>j</script>"
        right: "k \\\\ l"
    paragraph: p1
    evidence: The harbour is calm today.
    topic: comprehension
  - id: specials-blank
    type: cloze
    stem: "Fill {SPECIALS}"
    text: "The {{2:MULTICHOICE:=x~y}} harbour is [[calm]] today ~ = # {{ }} : ]]>"
    paragraph: p1
    evidence: The harbour is calm today.
    topic: comprehension
  - id: specials-essay
    type: open_response
    stem: "Explain {SPECIALS}"
    points: 2
    rubric:
      - points: 2
        description: "Full {SPECIALS}"
      - points: 0
        description: "None <script>alert(3)</script>"
    sample_answer: "Sample ]]> --> {SPECIALS}"
    paragraph: p1
    evidence: The harbour is calm today.
    topic: comprehension
"""


def write_hostile_lesson(folder: Path) -> Path:
    """The hostile lesson file, its questions extended for exports; returns its path."""
    path = folder / "hostile.yaml"
    path.write_text(hostile_lesson_yaml("http://127.0.0.1:9") + EXTRA_QUESTIONS, encoding="utf-8")
    return path
