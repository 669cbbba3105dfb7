"""Inputs of the web quiz page as plain data, and the escaped HTML that draws them.

The question types build their inputs and HTML from these; :mod:`quizgen.web.forms`
turns a :class:`QuizInput` into a WTForms field and checks submissions against
it.  Field names follow the question's number in the variant (``q7``, ``q7_2``
for its second part) and choice values are position codes in the order shown
(``A``, ``B``...), so nothing in the page says which choice is right.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from html import escape

Values = dict[str, list[str]]
"""What each input held when a page is drawn again, by input name."""

ALWAYS_SENT = frozenset({"text", "textarea", "select", "hidden"})


@dataclass(frozen=True)
class QuizInput:
    """One input of the quiz page: how the page draws it and what a browser can send for it."""

    name: str
    question: int  # 0 for inputs that belong to the whole form
    kind: str  # radio, checkbox, text, textarea, select or hidden
    label: str
    choices: tuple[tuple[str, str], ...] = ()  # (value, label) in the order shown
    max_length: int = 0

    @property
    def always_sent(self) -> bool:
        """Browsers send selects, text boxes and hidden inputs even when left empty."""
        return self.kind in ALWAYS_SENT

    @property
    def multiple(self) -> bool:
        """Whether several values may be sent (checkboxes)."""
        return self.kind == "checkbox"

    @cached_property
    def allowed(self) -> frozenset[str] | None:
        """The values a browser can send, or ``None`` for free text."""
        return frozenset(value for value, _ in self.choices) if self.kind in ("radio", "checkbox", "select") else None


def choice_code(index: int) -> str:
    """The value sent for the ``index``-th choice as shown: A, B, ... Z, then A2, B2..."""
    letter = chr(ord("A") + index % 26)
    return letter if index < 26 else f"{letter}{index // 26 + 1}"


def field_name(number: int, part: int | None = None) -> str:
    """``q7`` for question 7, ``q7_2`` for its second part."""
    return f"q{number}" if part is None else f"q{number}_{part}"


def coded(texts: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(position code, text) for choices in the order shown."""
    return tuple((choice_code(index), text) for index, text in enumerate(texts))


def by_code(texts: tuple[str, ...], code: str | None) -> str | None:
    """The text a position code stands for, or ``None`` for an empty or unknown code."""
    codes = {choice_code(index): text for index, text in enumerate(texts)}
    return codes.get(code or "")


def typed_text(value: str | None) -> str:
    """Typed text with browser line ends made plain and the ends trimmed."""
    return (value or "").replace("\r\n", "\n").strip()


# --- HTML --------------------------------------------------------------------------------


def label(quiz_input: QuizInput, css_class: str, hidden_prefix: str = "") -> str:
    """A visible label for the input (``hidden_prefix`` is read by screen readers only)."""
    prefix = f'<span class="visually-hidden">{escape(hidden_prefix)}</span>' if hidden_prefix else ""
    return f'<label class="{css_class}" for="{quiz_input.name}">{prefix}{escape(quiz_input.label)}</label>'


def choices(quiz_input: QuizInput, values: Values) -> str:
    """Radio buttons or checkboxes, one labelled row per choice."""
    chosen = values.get(quiz_input.name, ())
    rows = []
    for index, (value, text) in enumerate(quiz_input.choices):
        input_id = f"{quiz_input.name}-{index}"
        checked = " checked" if value in chosen else ""
        rows.append(
            f'<div class="choice"><input class="choice-input" id="{input_id}" name="{quiz_input.name}" '
            f'type="{quiz_input.kind}" value="{escape(value)}"{checked}> '
            f'<label class="choice-label" for="{input_id}">{escape(text)}</label></div>'
        )
    return f'<div class="choices choices-{quiz_input.kind}">{"".join(rows)}</div>'


def select(quiz_input: QuizInput, values: Values, css_class: str) -> str:
    """A drop-down list; the first choice is the empty one."""
    chosen = values.get(quiz_input.name, ())
    options = "".join(
        f'<option value="{escape(value)}"{" selected" if value in chosen else ""}>{escape(text)}</option>'
        for value, text in quiz_input.choices
    )
    return f'<select class="{css_class}" id="{quiz_input.name}" name="{quiz_input.name}">{options}</select>'


def text_box(quiz_input: QuizInput, values: Values, css_class: str, size: int | None = None) -> str:
    """A one-line text box.  The blank placeholder lets the stylesheet count answered boxes."""
    value = (values.get(quiz_input.name) or [""])[0]
    size_attribute = f' size="{size}"' if size else ""
    return (
        f'<input class="{css_class}" id="{quiz_input.name}" name="{quiz_input.name}" type="text" '
        f'value="{escape(value)}" maxlength="{quiz_input.max_length}"{size_attribute} autocomplete="off" '
        f'spellcheck="false" placeholder=" ">'
    )


def labelled_field(quiz_input: QuizInput, control: str) -> str:
    """A labelled control, for questions with one input."""
    return f'<div class="field">{label(quiz_input, "field-label")}{control}</div>'
