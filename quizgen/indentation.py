"""YAML syntax errors caused by indentation, explained in an author's words.

The parser says "did not find expected '-' indicator" or "mapping values are
not allowed in this context"; an author needs to hear that line 88 starts two
spaces further right than the key above it, and which column it belongs in.
:func:`explain` looks at the lines around the error and returns that
explanation, or ``None`` when indentation is not the cause (a value with an
unquoted ': ' gets the quoting hint instead).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEY = re.compile(r"""(?P<key>[^\s#'"\[\]{}:,-][^:#]*?):(?:\s|$)""")


@dataclass(frozen=True)
class Line:
    """One line of YAML as far as indentation goes: where its '-' and its first key start (1-based columns)."""

    number: int
    dash_column: int | None
    key: str | None
    key_column: int
    colon_column: int | None


def read_line(number: int, text: str) -> Line | None:
    """The indentation facts of one line; ``None`` for a blank or comment line."""
    stripped = text.lstrip(" ")
    if not stripped or stripped.startswith("#"):
        return None
    column = len(text) - len(stripped) + 1
    dash_column = None
    while stripped.startswith("- ") or stripped == "-":
        dash_column = dash_column or column
        rest = stripped[1:].lstrip(" ")
        column += len(stripped) - len(rest)
        stripped = rest
    match = _KEY.match(stripped)
    if match is None:
        return Line(number, dash_column, None, column, None)
    return Line(number, dash_column, match["key"].strip(), column, column + match.end("key"))


def explain(text: str, problem: str, line: int, column: int) -> tuple[str, str] | None:
    """An indentation explanation (message, hint) for a syntax error at ``line``/``column``, if that is the cause."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return None
    here = read_line(line, lines[line - 1])
    if here is None:
        return None
    earlier = [parsed for number in range(line - 1, 0, -1) if (parsed := read_line(number, lines[number - 1]))]
    if problem.startswith("mapping values are not allowed"):
        if here.key is None or here.colon_column != column:
            return None  # a ': ' inside a value: the quoting hint is right
        return _over_indented(here, earlier)
    stripped = lines[line - 1].lstrip(" ")
    if stripped.startswith("-") and not stripped.startswith("- ") and stripped != "-":
        return (
            f"line {line} starts with '-' but no space after it",
            f"a list entry is '- ' then its value: write '- {stripped[1:].lstrip()}'",
        )
    if problem.startswith(("did not find expected '-' indicator", "did not find expected key", "expected <block end>")):
        return _misaligned(here, earlier)
    return None


def _over_indented(here: Line, earlier: list[Line]) -> tuple[str, str] | None:
    # The line was read as more of the value above it: the key that value belongs to is the sibling it should match.
    owner = next((line for line in earlier if line.key is not None and line.key_column < here.key_column), None)
    if owner is None:
        return None
    return (
        f"'{here.key}:' on line {here.number} is indented more than '{owner.key}:' on line {owner.number}, "
        "so it is read as part of that value",
        f"keys of one mapping start in the same column: move '{here.key}:' left to column {owner.key_column}, "
        f"in line with '{owner.key}:'",
    )


def _misaligned(here: Line, earlier: list[Line]) -> tuple[str, str] | None:
    name = f"'{here.key}:'" if here.key else f"line {here.number}"
    if here.dash_column is not None:
        sibling = next((line for line in earlier if line.dash_column is not None), None)
        if sibling is not None and sibling.dash_column != here.dash_column:
            return (
                f"the list entry on line {here.number} has its '-' in column {here.dash_column}, "
                f"but the entry on line {sibling.number} has it in column {sibling.dash_column}",
                f"entries of one list start in the same column: move the '-' to column {sibling.dash_column}",
            )
    inner = next((line for line in earlier[:1] if line.key_column > here.key_column), None)
    outer = next((line for line in earlier if line.key is not None and line.key_column < here.key_column), None)
    choices = []
    if inner is not None:
        label = f"'{inner.key}:'" if inner.key else f"line {inner.number}"
        choices.append(f"to keep it with {label} (line {inner.number}), start it in column {inner.key_column}")
    if outer is not None:
        choices.append(f"to put it beside '{outer.key}:' (line {outer.number}), in column {outer.key_column}")
    if not choices:
        return None
    return (
        f"{name} starts in column {here.key_column}, which lines up with no key above it",
        "; ".join(choices) + " (indent with spaces; every key of one mapping starts in the same column)",
    )
