"""What the types whose students pick from a list of options share: their item-writing lints."""

from __future__ import annotations

import re
from typing import Any

from ..text import normalize_answer, same_text
from .base import Report

_NEGATIVE = re.compile(r"\b(not|except|never|least)\b", re.IGNORECASE)
_EMPHASISED = re.compile(r"\*\*[^*]+\*\*|\b(NOT|EXCEPT|NEVER|LEAST)\b")
_ALL_NONE = re.compile(r"^(all|none|both|neither) of (the )?(above|these|the above)\b", re.IGNORECASE)


def lint_options(item: Any, report: Report, true_statements: set[str], keys: list[str], key_field: str) -> None:
    """Keys among the options, distinct options, no "all of the above", emphasised negatives, no true distractors."""
    for key in keys:
        if not any(same_text(key, option) for option in item.options):
            report(f"the answer '{key}' is not one of the options", key_field, "error",
                   "copy the answer exactly from the options list", "answer-not-in-options")
    normalized = [normalize_answer(option) for option in item.options]
    if len(set(normalized)) != len(normalized):
        report("two options are the same", "options", hint="make every option different", code="duplicate-options")
    if any(_ALL_NONE.match(option) for option in item.options):
        report("'all/none of the above' options", "options",
               hint="students can answer by elimination; write a real option", code="all-none-of-the-above")
    # Generated stems quote the author's facts, where a "not" is the fact's own wording.
    if not item.trace and _NEGATIVE.search(item.stem) and not _EMPHASISED.search(item.stem):
        report("a negative stem is not emphasised", "stem", hint="write NOT/EXCEPT in capitals or **bold**", code="negative-stem")
    distractors = [option for option in item.options if not any(same_text(option, key) for key in keys)]
    for distractor in distractors:
        if normalize_answer(distractor) in true_statements:
            report(f"the distractor '{distractor}' is stated as true elsewhere in the lesson", "options",
                   hint="choose a distractor the lesson does not confirm", code="true-distractor")
