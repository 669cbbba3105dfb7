"""Whatever bytes arrive, the loader answers with diagnostics, never an exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizgen.loader import check_lesson_bytes

from ..conftest import MINI_LESSON

MINI = MINI_LESSON.read_bytes()
MINI_LINES = MINI.decode("utf-8").splitlines(keepends=True)
YAMLISH = st.text(
    alphabet=st.sampled_from([*list("abc:-[]{}&*!|>'\"#%@`,? \t\n0123456789~."), "é", "\u2028", "\ufeff", "\x00"]),
    max_size=300,
)
robust = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _assert_answered(raw: bytes) -> None:
    result = check_lesson_bytes(raw, "fuzz.yaml")
    assert result.lesson is not None or result.errors
    for diagnostic in result.diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1 and diagnostic.message


@robust
@given(st.binary(max_size=400))
def test_random_bytes(raw):
    _assert_answered(raw)


@robust
@given(YAMLISH)
def test_random_yaml_punctuation(text):
    _assert_answered(text.encode("utf-8", "surrogatepass"))


@robust
@given(st.data())
def test_mutated_lesson(data):
    lines = list(MINI_LINES)
    for _ in range(data.draw(st.integers(1, 4))):
        index = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["delete", "duplicate", "indent", "dedent", "garble", "swap"]))
        line = lines[index]
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, line)
        elif action == "indent":
            lines[index] = "  " + line
        elif action == "dedent":
            lines[index] = line[2:] if line.startswith("  ") else line
        elif action == "garble":
            position = data.draw(st.integers(0, max(0, len(line) - 1)))
            lines[index] = (
                line[:position]
                + data.draw(st.sampled_from([":", "- ", "[", "&a ", "*a", "'", "\t", "012", "no"]))
                + line[position:]
            )
        else:
            other = data.draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], line
        if not lines:
            break
    _assert_answered("".join(lines).encode("utf-8"))
