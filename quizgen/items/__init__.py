"""Question types: one module per type, and the registry every layer looks types up in.

Each module defines its pydantic model and a registered :class:`QuestionType`
with every handler (grading, key, presentation, lints, preview text, web
inputs and HTML, print view and fragment, item analysis).  A new type is a
new module imported here (plus its print fragment, ``templates/print/items/<type>.html``);
nothing else in quizgen switches on a type's name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Union

from pydantic import Field

from .base import (
    NOTHING_SHOWN,
    QUESTION_TYPES,
    Citation,
    LintIgnore,
    PrintedKey,
    QuestionBase,
    QuestionType,
    Shown,
    UnknownQuestionType,
    question_type,
    register,
    unregister,
)

# Registration order is the order of the Question union (and of the JSON Schema): keep it, not the alphabet.
# isort: off
from .single_choice import SingleChoice
from .multiple_select import MultipleSelect
from .true_false import TrueFalse
from .short_answer import ShortAnswer
from .ordering import Ordering
from .matching import Matching, Pair
from .cloze import Cloze
from .open_response import OpenResponse, RubricLevel
# isort: on

if TYPE_CHECKING:  # the checker sees the built-in types; at run time the union holds every registered type
    Question = SingleChoice | MultipleSelect | TrueFalse | ShortAnswer | Ordering | Matching | Cloze | OpenResponse
else:
    # Union[...] of a run-time tuple of types: the `X | Y` spelling cannot take one.
    Question = Annotated[Union[tuple(kind.model for kind in QUESTION_TYPES.values())], Field(discriminator="type")]  # noqa: UP007
"""Any registered question, told apart by its ``type``."""

__all__ = [
    "NOTHING_SHOWN",
    "QUESTION_TYPES",
    "Citation",
    "Cloze",
    "LintIgnore",
    "Matching",
    "MultipleSelect",
    "OpenResponse",
    "Ordering",
    "Pair",
    "PrintedKey",
    "Question",
    "QuestionBase",
    "QuestionType",
    "RubricLevel",
    "ShortAnswer",
    "Shown",
    "SingleChoice",
    "TrueFalse",
    "UnknownQuestionType",
    "question_type",
    "register",
    "unregister",
]
