"""Form data a student would send for a quiz: all right, all wrong, or all empty."""

from __future__ import annotations

from quizgen.quiz import Quiz, QuizItem
from quizgen.text import cloze_blanks, same_text
from quizgen.web.forms import choice_code, field_name

WRONG_TEXT = "zzz not this"
OPEN_ANSWER = "The blogger only speculates; no evidence is given."


def _code_of(texts: tuple[str, ...], wanted: str) -> str:
    return next(choice_code(i) for i, text in enumerate(texts) if same_text(text, wanted))


def _codes_except(texts: tuple[str, ...], unwanted: list[str]) -> list[str]:
    return [choice_code(i) for i, text in enumerate(texts) if not any(same_text(text, u) for u in unwanted)]


def form_data(quiz: Quiz, mode: str = "right") -> dict:
    """Answer fields for every question; values are what the page's inputs would send."""
    data: dict = {}
    for entry in quiz.items:
        data.update(_answer(entry, mode))
    return data


def _answer(entry: QuizItem, mode: str) -> dict:
    item, number = entry.item, entry.number
    name = field_name(number)
    right = mode == "right"
    empty = mode == "empty"
    match item.type:
        case "single_choice":
            if empty:
                return {}
            return {name: _code_of(entry.choices, item.answer) if right else _codes_except(entry.choices, [item.answer])[0]}
        case "true_false":
            if empty:
                return {}
            return {name: "true" if item.answer == right else "false"}
        case "multiple_select":
            if empty:
                return {}
            codes = ([_code_of(entry.choices, a) for a in item.answers] if right
                     else _codes_except(entry.choices, item.answers))
            return {name: codes} if codes else {}
        case "short_answer":
            return {name: "" if empty else item.accepted[0] if right else WRONG_TEXT}
        case "open_response":
            return {name: "" if empty else OPEN_ANSWER}
        case "matching":
            pairs = {pair.left: pair.right for pair in item.pairs}
            fields = {}
            for part, left in enumerate(entry.choices, start=1):
                if empty:
                    value = ""
                elif right:
                    value = _code_of(entry.rights, pairs[left])
                else:
                    value = _codes_except(entry.rights, [pairs[left]])[0]
                fields[field_name(number, part)] = value
            return fields
        case "ordering":
            fields = {}
            count = len(item.items)
            for part, text in enumerate(entry.choices, start=1):
                position = next(i for i, t in enumerate(item.items, start=1) if t == text)
                fields[field_name(number, part)] = "" if empty else str(position if right else count + 1 - position)
            return fields
        case "cloze":
            fields = {}
            for part, answers in enumerate(cloze_blanks(item.text), start=1):
                if empty:
                    value = ""
                elif entry.choices:
                    value = _code_of(entry.choices, answers[0]) if right else _codes_except(entry.choices, answers)[0]
                else:
                    value = answers[0] if right else WRONG_TEXT
                fields[field_name(number, part)] = value
            return fields
    raise AssertionError(f"unknown type {item.type}")
