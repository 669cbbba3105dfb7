"""Author-facing problems: where they are, what is wrong and how to fix it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in a lesson file, positioned at a 1-based line and column."""

    file: str
    line: int
    column: int
    message: str
    path: str = ""
    severity: Severity = "error"
    hint: str | None = field(default=None, compare=False)
    code: str = field(default="", compare=False)

    def format(self) -> str:
        """Render as ``file:line:column: severity: [path] message (hint)``, the form editors link to."""
        where = f" [{self.path}]" if self.path else ""
        text = f"{self.file}:{self.line}:{self.column}: {self.severity}:{where} {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def as_dict(self) -> dict:
        """A plain dict for ``--format json``."""
        return asdict(self)


class LessonError(Exception):
    """Raised when a lesson cannot be loaded; carries every diagnostic found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


def did_you_mean(word: object, choices: Iterable[str]) -> str | None:
    """Suggest the closest of ``choices`` to a misspelled ``word``, as a hint sentence."""
    matches = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else None


def format_path(path: tuple) -> str:
    """Render a data path like ``questions[3].options[1]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
