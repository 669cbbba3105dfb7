"""What the types whose students pick from a list of options share: their item-writing lints."""

from __future__ import annotations

from typing import Any

from ..text import normalize_answer, same_text
from .base import Report


def lint_options(item: Any, report: Report, true_statements: set[str], keys: list[str], key_field: str) -> None:
    """Keys among the options, and no distractor the lesson states as true.

    Duplicate options, "all of the above", unemphasised negatives and the other item-writing flaws are
    :mod:`quizgen.critic`'s lints, which run on every item.
    """
    for key in keys:
        if not any(same_text(key, option) for option in item.options):
            report(
                f"the answer '{key}' is not one of the options",
                key_field,
                "error",
                "copy the answer exactly from the options list",
                "answer-not-in-options",
            )
    distractors = [option for option in item.options if not any(same_text(option, key) for key in keys)]
    for distractor in distractors:
        if normalize_answer(distractor) in true_statements:
            report(
                f"the distractor '{distractor}' is stated as true elsewhere in the lesson",
                "options",
                hint="choose a distractor the lesson does not confirm",
                code="true-distractor",
            )
