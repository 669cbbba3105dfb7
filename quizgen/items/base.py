"""What every question type is made of: the fields all questions share, the handlers each type gives, the registry.

A question type is one :class:`QuestionType` subclass in one module of this
package, registered with :func:`register`.  It owns its pydantic model and
everything the layers need to know about it: grading and the key, how a
variant shows it, its item-writing lints, its preview text, its inputs and
HTML on the web quiz page, its part of the printed worksheet, answer key and
answer grid, and how item analysis counts its options.  The layers look the
type up with :func:`question_type`; an unknown type raises
:class:`UnknownQuestionType` instead of printing or grading nothing.

Plain Python only: no Flask, SQLAlchemy or WeasyPrint (web HTML is built
from escaped strings, printed parts are :class:`markupsafe.Markup`).
"""

from __future__ import annotations

import random
import textwrap
import typing
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from markupsafe import Markup
from pydantic import Field

from ..fields import ShortText, Skill, Slug, Strict, Text, Trace

if TYPE_CHECKING:  # pragma: no cover - annotations only
    from ..quiz import QuizItem
    from .exporting import ExportView
    from .inputs import QuizInput, Values


class LintIgnore(Strict):
    """One item-writing lint silenced for one question, with the author's reason."""

    lint: Slug = Field(description="The lint's id, as `quizgen validate` prints it, e.g. `key-longest`.")
    reason: ShortText = Field(description="Why the item is right as written.")


class Citation(Strict):
    """One more paragraph and quote that a question's key relies on."""

    paragraph: Slug
    evidence: Text = Field(description="Words quoted verbatim from that paragraph.")


class QuestionBase(Strict):
    """Fields every question carries, hand-written or generated."""

    id: Slug
    stem: Text
    paragraph: Slug = Field(description="The paragraph the question is answerable from.")
    evidence: Text = Field(description="Quote that supports the key; must appear verbatim in the paragraph.")
    also_cites: list[Citation] = Field(
        [],
        description="More quotes the key relies on, each in its own paragraph "
        "(e.g. both events of a before/after question).",
    )
    topic: Slug = Field(description="e.g. regional-security, source-evaluation, vocabulary.")
    skill: Skill | None = None
    objective: Slug | None = None
    points: int = Field(1, ge=1, le=20)
    explanation: Text | None = None
    trace: Trace | None = Field(None, description="Set by generators; not written by authors.")
    always: bool = Field(False, description="Put this question in every variant of the quiz.")
    lint_ignore: list[LintIgnore] = Field(
        [], description="Item-writing lints silenced for this question, each with a reason."
    )


Shown = tuple[tuple[str, ...], tuple[str, ...]]
"""How one variant shows an item: ``(choices, rights)``, the rest of a ``QuizItem``.

``choices`` are the options (single/multiple choice), the entries to order, the
left side of matching, or the word bank (cloze); ``rights`` the right-hand side of
matching.  A plain pair: quiz assembly makes one per item, thousands a second.
"""
NOTHING_SHOWN: Shown = ((), ())
"""What a variant shows of an item without choices."""


@dataclass(frozen=True)
class PrintedKey:
    """An item's key as an answer key prints it."""

    lines: tuple[Markup, ...] = ()
    rubric: tuple[tuple[int, Markup], ...] = ()
    sample_answer: Markup | None = None


class Report(Protocol):
    """How a type's lints report a problem (see :func:`quizgen.lints.check_items`)."""

    def __call__(
        self,
        message: str,
        field: str | None = None,
        severity: str = "warning",
        hint: str | None = None,
        code: str = "lint",
    ) -> None: ...


class QuestionType(ABC):
    """One kind of question, and every handler the layers call for it.

    A subclass sets the class attributes and implements every abstract
    method; :func:`register` refuses one that misses any.  Handlers that
    take ``entry`` get a :class:`~quizgen.quiz.QuizItem` (the item as one
    variant shows it); those that take ``item`` get the question alone.
    """

    name: ClassVar[str]
    """The ``type:`` an author writes, e.g. ``single_choice``."""
    model: ClassVar[type[QuestionBase]]
    """The pydantic model of this type's questions."""
    label: ClassVar[str]
    """Short name on answer keys and in the text preview, e.g. "Choose one"."""
    print_instruction: ClassVar[str]
    """What a worksheet tells students to do, e.g. "Circle one letter."."""
    print_fragment: ClassVar[str]
    """The Jinja template (under ``templates/``) that prints the answer space on a worksheet."""
    marked_by_teacher: ClassVar[bool] = False
    """True when a teacher marks responses by hand (grading leaves them pending)."""
    typed_answers: ClassVar[bool] = False
    """Whether students type their answer (the item analysis then lists each distinct answer with its count)."""

    REQUIRED_ATTRIBUTES: ClassVar[tuple[str, ...]] = ("name", "model", "label", "print_instruction", "print_fragment")

    # --- grading and the key -----------------------------------------------------------

    @abstractmethod
    def fraction(self, item: Any, response: Any) -> float | None:
        """Share of the points an answered ``response`` earns (0 to 1), or ``None`` when a teacher marks it."""

    @abstractmethod
    def key(self, item: Any) -> Any:
        """The response that earns full points, in the type's response format."""

    @abstractmethod
    def key_lines(self, item: Any) -> list[str]:
        """The key in words, one line per part (answer keys, result pages, preview)."""

    @abstractmethod
    def answer_lines(self, item: Any, response: Any) -> list[str]:
        """A student's (non-empty) response in words, one line per part."""

    # --- quiz assembly -------------------------------------------------------------------

    @abstractmethod
    def present(self, item: Any, rng: random.Random) -> Shown:
        """How one variant shows the item: ``(choices, rights)`` in the variant's order (draws from ``rng``)."""

    # --- lints ---------------------------------------------------------------------------

    def prompt(self, item: Any) -> str:
        """Everything the student reads as the question, for finding two items that ask the same (the stem unless a
        type shows more)."""
        return str(item.stem)

    def visible_text(self, item: Any) -> str:
        """What the student reads as the question before answering (the stem unless a type shows more)."""
        return str(item.stem)

    @abstractmethod
    def offered(self, item: Any) -> tuple[str, ...]:
        """Every text the item offers to choose from: options, entries to order, both sides of a match, a word bank."""

    @abstractmethod
    def giveaways(self, item: Any) -> tuple[str, ...]:
        """Texts that answer the item: seen in another item of the same variant, they would give the key away."""

    @abstractmethod
    def lints(self, item: Any, report: Report, true_statements: set[str]) -> None:
        """Report this type's item-writing problems; ``true_statements`` are the lesson's confirmed facts, normalised."""

    # --- text preview --------------------------------------------------------------------

    @abstractmethod
    def text_lines(self, entry: QuizItem) -> list[str]:
        """Preview lines between the stem and the key (choices, blanks, word bank)."""

    # --- web quiz page -------------------------------------------------------------------

    @abstractmethod
    def web_instruction(self, entry: QuizItem) -> str:
        """What the quiz page asks students to do, above the inputs."""

    @abstractmethod
    def inputs(self, entry: QuizItem) -> Iterable[QuizInput]:
        """The inputs of the question on the quiz page, in the order shown."""

    @abstractmethod
    def response(self, entry: QuizItem, values: list[Any]) -> tuple[Any, str | None]:
        """The response (grading's format, ``None`` when unanswered) from the inputs' values, and a problem to show."""

    @abstractmethod
    def widget_html(self, entry: QuizItem, inputs: tuple[QuizInput, ...], values: Values) -> str:
        """Escaped HTML of the inputs; ``values`` holds what a re-shown page had in each input."""

    # --- print ---------------------------------------------------------------------------

    @abstractmethod
    def print_view(self, entry: QuizItem) -> dict[str, Any]:
        """The type's fields of a printed item view (``choices``, ``rights``, ``cloze``, ``word_bank``)."""

    @abstractmethod
    def write_on_lines(self, item: Any) -> int:
        """Ruled lines a worksheet leaves for writing the answer."""

    @abstractmethod
    def short_key(self, entry: QuizItem) -> str:
        """The compact key of an answer grid, in the variant's letters."""

    @abstractmethod
    def print_key(self, entry: QuizItem, *, in_words: bool) -> PrintedKey:
        """The key as an answer key prints it (in the variant's letters unless ``in_words``)."""

    # --- exports -------------------------------------------------------------------------

    def export_view(self, entry: QuizItem) -> ExportView | None:
        """The item in a neutral shape export formats write (see :mod:`quizgen.items.exporting`).

        ``None`` (the default) means no format can take the item: every export lists it as skipped.
        """
        return None

    # --- item analysis -------------------------------------------------------------------

    @abstractmethod
    def analysis_options(self, item: Any) -> tuple[str, ...]:
        """The options item analysis counts choices of (empty for types without options)."""

    @abstractmethod
    def chosen_options(self, item: Any, response: Any) -> list[str]:
        """Which of :meth:`analysis_options` a response picked."""


class UnknownQuestionType(ValueError):
    """A question type no module registered (an error in the program, never a silent blank)."""

    def __init__(self, name: object):
        self.name = name
        known = ", ".join(QUESTION_TYPES) or "none"
        super().__init__(f"unknown question type {name!r} (registered types: {known})")


QUESTION_TYPES: dict[str, QuestionType] = {}
"""Every registered question type by name, in the order registered."""


def register(cls: type[QuestionType]) -> type[QuestionType]:
    """Register a question type class (use as a decorator); refuse one that lacks a handler or attribute."""
    missing = [name for name in cls.REQUIRED_ATTRIBUTES if not hasattr(cls, name)]
    missing += sorted(getattr(cls, "__abstractmethods__", ()))
    if missing:
        raise TypeError(f"question type {cls.__name__} lacks {', '.join(missing)}")
    if cls.name in QUESTION_TYPES:
        raise ValueError(f"question type {cls.name!r} is registered twice")
    tag = cls.model.model_fields.get("type")
    if tag is None or typing.get_args(tag.annotation) != (cls.name,):
        raise TypeError(f"the model of question type {cls.name!r} needs `type: Literal[{cls.name!r}]`")
    QUESTION_TYPES[cls.name] = cls()
    return cls


def unregister(name: str) -> None:
    """Forget a registered type (tests register toy types and remove them again)."""
    QUESTION_TYPES.pop(name, None)


def question_type(kind: str | Any) -> QuestionType:
    """The registered type named ``kind``, or of the question ``kind``; :class:`UnknownQuestionType` otherwise."""
    try:
        return QUESTION_TYPES[kind if isinstance(kind, str) else kind.type]
    except (KeyError, TypeError, AttributeError):
        raise UnknownQuestionType(kind if isinstance(kind, str) else getattr(kind, "type", None)) from None


# --- helpers the type modules share ------------------------------------------------------

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def shuffled(values: Sequence[str], rng: random.Random, avoid_identity: bool = False) -> tuple[str, ...]:
    """``values`` in a random order; with ``avoid_identity`` never in the given order (when there are two or more)."""
    order = list(values)
    rng.shuffle(order)
    if avoid_identity and len(order) > 1 and order == list(values):
        order = order[1:] + order[:1]  # an ordering item must not show its own answer
    return tuple(order)


def wrap(text: str, indent: str = "   ") -> list[str]:
    """``text`` wrapped for the text preview, each line indented."""
    return textwrap.wrap(text, width=96, initial_indent=indent, subsequent_indent=indent) or [indent]


def inline(text: str) -> Markup:
    """Inline Markdown as sanitised HTML, for printed documents."""
    from ..markup import render_inline  # only printing needs Markdown: `quizgen validate` stays quick to start

    return Markup(render_inline(text))  # sanitised by quizgen.markup


def lettered(texts: Iterable[str]) -> tuple[tuple[str, Markup], ...]:
    """(letter, text) pairs for printed choices: A, B, C..."""
    return tuple((LETTERS[index], inline(text)) for index, text in enumerate(texts))


def key_in_words(kind: QuestionType, item: Any) -> PrintedKey:
    """A printed key made of :meth:`QuestionType.key_lines`."""
    return PrintedKey(tuple(inline(line) for line in kind.key_lines(item)))


def choice_lines(choices: Iterable[str]) -> list[str]:
    """Preview lines for choices shown with letters: ``A) ...``."""
    return [f"   {LETTERS[index]}) {choice}" for index, choice in enumerate(choices)]
