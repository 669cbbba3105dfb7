"""What a student answers, and what only a key may show, for any variant of any lesson.

One source for every test folder: the web tests post :func:`form_data`, the
browser tests put the same answers into the page's own inputs, and the web,
teacher and PDF tests look for :func:`hidden_key_texts` in what a student gets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from quizgen.feedback import key_lines
from quizgen.model import Lesson
from quizgen.quiz import Quiz, QuizItem
from quizgen.text import cloze_blanks, cloze_plain, cloze_segments, same_text
from quizgen.web.forms import choice_code, field_name

WRONG_TEXT = "zzz not this"
OPEN_ANSWER = "The blogger only speculates; no evidence is given."


def _code_of(texts: tuple[str, ...], wanted: str) -> str:
    return next(choice_code(i) for i, text in enumerate(texts) if same_text(text, wanted))


def _codes_except(texts: tuple[str, ...], unwanted: list[str]) -> list[str]:
    return [choice_code(i) for i, text in enumerate(texts) if not any(same_text(text, u) for u in unwanted)]


def form_data(quiz: Quiz, mode: str = "right") -> dict:
    """Answer fields for every question (``right``, ``wrong`` or ``empty``); values are what the page's inputs send."""
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
            return {
                name: _code_of(entry.choices, item.answer) if right else _codes_except(entry.choices, [item.answer])[0]
            }
        case "true_false":
            if empty:
                return {}
            return {name: "true" if item.answer == right else "false"}
        case "multiple_select":
            if empty:
                return {}
            codes = (
                [_code_of(entry.choices, a) for a in item.answers]
                if right
                else _codes_except(entry.choices, item.answers)
            )
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


def student_texts(quiz: Quiz, lesson: Lesson | None = None) -> list[str]:
    """Every text a student is meant to see: stems, options, the words around cloze blanks (and ``lesson``'s text)."""
    seen = []
    if lesson is not None:
        seen += [lesson.title, *(p.text for p in lesson.paragraphs), *(o.text for o in lesson.objectives)]
    for entry in quiz.items:
        seen += [entry.item.stem, *entry.choices, *entry.rights]
        if entry.item.type == "cloze":
            seen += cloze_segments(entry.item.text)
    return seen


def key_texts(quiz: Quiz) -> list[str]:
    """Texts only a key or a result may show: explanations, evidence, keys in words, accepted answers, rubrics."""
    texts = []
    for entry in quiz.items:
        item = entry.item
        texts += [item.explanation or "", cloze_plain(item.evidence)]
        # "1. <event>" may also be how a matching column starts; "True" and "False" are both options.
        if item.type not in ("ordering", "true_false"):
            texts += key_lines(item)
        match item.type:
            case "short_answer":
                texts += item.accepted
            case "cloze" if not entry.choices:  # with a word bank, the answers are among the options
                texts += [answer for answers in cloze_blanks(item.text) for answer in answers]
            case "open_response":
                texts += [level.description for level in item.rubric] + [item.sample_answer or ""]
    return [text for text in texts if text.strip()]


def hidden_key_texts(quiz: Quiz, shown: Iterable[str], normalize: Callable[[str], str] = str) -> list[str]:
    """The key texts no text in ``shown`` also holds: those a student's page or worksheet must not contain."""
    visible = normalize(" \n ".join(shown))
    return [text for text in key_texts(quiz) if normalize(text) not in visible]
