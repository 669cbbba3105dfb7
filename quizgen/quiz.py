"""Quiz assembly: choose, order and shuffle a lesson's items for one seed.

``build_quiz(lesson, seed, options)`` is deterministic: the same lesson,
seed and options give the same quiz, byte for byte (see ``Quiz.to_json``).
The seed is printed as a short *variant code* (``K7Q2-M9XD``) from which
:func:`seed_from_code` recovers it, so a worksheet or an attempt can be
rebuilt exactly.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass, field, replace
from typing import Sequence

from .generators import item_bank
from .items import question_type
from .model import Lesson, Question

# Crockford's base32: no I, L, O or U, so codes survive being read aloud or handwritten.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CODE_CHARS = 7  # 35 bits of seed, plus one check character
SEED_LIMIT = 32 ** _CODE_CHARS


@dataclass(frozen=True)
class QuizOptions:
    """What to draw: an overall count and/or counts per topic or objective.

    With none of them, a quiz draws the lesson's ``quiz_length`` items, or all of them.
    """

    count: int | None = None
    topics: dict[str, int] = field(default_factory=dict)
    objectives: dict[str, int] = field(default_factory=dict)
    shuffle_items: bool = True

    def describe(self) -> dict:
        """The options as plain data (stored with attempts)."""
        return {"count": self.count, "topics": dict(sorted(self.topics.items())),
                "objectives": dict(sorted(self.objectives.items())), "shuffle_items": self.shuffle_items}


@dataclass(frozen=True)
class QuizItem:
    """One item as a variant presents it: its number and the order of its choices."""

    number: int
    item: Question
    choices: tuple[str, ...] = ()
    """Options (single/multiple choice), items to order, or the word bank (cloze), as shown."""
    rights: tuple[str, ...] = ()
    """Right-hand choices of a matching item, as shown (lefts are in ``choices``)."""

    @property
    def id(self) -> str:
        """The lesson's own item id, the same in every variant."""
        return self.item.id


@dataclass(frozen=True)
class Quiz:
    """A built quiz: one variant of a lesson."""

    lesson_id: str
    seed: int
    variant_code: str
    options: QuizOptions
    items: tuple[QuizItem, ...]

    @property
    def max_points(self) -> int:
        """Total points available."""
        return sum(entry.item.points for entry in self.items)

    def to_json(self) -> str:
        """Canonical JSON of the whole quiz (items with keys): equal quizzes give equal bytes."""
        return json.dumps({
            "lesson": self.lesson_id, "seed": self.seed, "variant": self.variant_code, "options": self.options.describe(),
            "items": [{"number": e.number, "item": e.item.model_dump(mode="json"), "choices": list(e.choices),
                       "rights": list(e.rights)} for e in self.items],
        }, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


class QuizOptionsError(ValueError):
    """The options ask for items the lesson does not have."""


def build_quiz(lesson: Lesson, seed: int, options: QuizOptions | None = None, *,
               bank: Sequence[Question] | None = None) -> Quiz:
    """Select, order and shuffle the lesson's items for ``seed`` (0 <= seed < SEED_LIMIT).

    ``bank`` is the lesson's item bank when the caller keeps it (a loaded
    lesson's :attr:`~quizgen.library.LessonEntry.bank`); otherwise it is generated.
    """
    if not 0 <= seed < SEED_LIMIT:
        raise ValueError(f"seed must be between 0 and {SEED_LIMIT - 1}")
    options = options or QuizOptions()
    bank = item_bank(lesson) if bank is None else bank
    if options.count is None and not (options.topics or options.objectives) and lesson.quiz_length:
        options = replace(options, count=min(lesson.quiz_length, len(bank)))
    rng = random.Random(_stream_seed(lesson.id, seed))
    chosen = _select(bank, options, rng)
    if options.shuffle_items:
        rng.shuffle(chosen)
    items = tuple(_present(number, item, rng) for number, item in enumerate(chosen, start=1))
    return Quiz(lesson.id, seed, variant_code(seed), options, items)


def derive_seed(base_seed: int, index: int) -> int:
    """Seed of the ``index``-th student's variant in a class set derived from one class seed."""
    digest = hashlib.sha256(f"{base_seed}:{index}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % SEED_LIMIT


def random_seed() -> int:
    """A fresh seed for a new variant."""
    return random.SystemRandom().randrange(SEED_LIMIT)


def variant_code(seed: int) -> str:
    """Short printable code for a seed, with a check character: ``K7Q2-M9XD``."""
    digits = []
    value = seed
    for _ in range(_CODE_CHARS):
        value, digit = divmod(value, 32)
        digits.append(_ALPHABET[digit])
    body = "".join(reversed(digits))
    code = body + _ALPHABET[_check(body)]
    return f"{code[:4]}-{code[4:]}"


def seed_from_code(code: str) -> int:
    """The seed a variant code stands for; raises ValueError for a mistyped code."""
    cleaned = code.strip().upper().replace("-", "").replace(" ", "")
    cleaned = cleaned.translate(str.maketrans({"I": "1", "L": "1", "O": "0"}))
    if len(cleaned) != _CODE_CHARS + 1 or any(ch not in _ALPHABET for ch in cleaned):
        raise ValueError(f"'{code}' is not a variant code (8 characters like K7Q2-M9XD)")
    body, check = cleaned[:-1], cleaned[-1]
    if _ALPHABET[_check(body)] != check:
        raise ValueError(f"'{code}' is not a valid variant code (check character mismatch: mistyped?)")
    seed = 0
    for ch in body:
        seed = seed * 32 + _ALPHABET.index(ch)
    return seed


def _check(body: str) -> int:
    # Odd weights are invertible mod 32, so every single mistyped character changes the check.
    return sum((2 * i + 1) * _ALPHABET.index(ch) for i, ch in enumerate(body)) % 32


def _stream_seed(lesson_id: str, seed: int) -> int:
    return int.from_bytes(hashlib.sha256(f"{lesson_id}\0{seed}".encode()).digest()[:8], "big")


def _select(bank: Sequence[Question], options: QuizOptions, rng: random.Random) -> list[Question]:
    if not (options.count or options.topics or options.objectives):
        return list(bank)
    chosen: list[Question] = []
    for attribute, wanted in (("topic", options.topics), ("objective", options.objectives)):
        for value, count in sorted(wanted.items()):
            taken = {item.id for item in chosen}
            pool = [item for item in bank if getattr(item, attribute) == value and item.id not in taken]
            if len(pool) < count:
                raise QuizOptionsError(f"the lesson has {len(pool)} items with {attribute} '{value}', {count} were asked for")
            chosen += rng.sample(pool, count)
    if options.count is not None:
        if options.count < len(chosen):
            raise QuizOptionsError(f"count {options.count} is smaller than the {len(chosen)} items asked for by topic/objective")
        taken = {item.id for item in chosen}
        rest = [item for item in bank if item.id not in taken]
        extra = options.count - len(chosen)
        if extra > len(rest):
            raise QuizOptionsError(f"the lesson has {len(bank)} items, {options.count} were asked for")
        chosen += rng.sample(rest, extra)
    # Keep the bank's order before the optional shuffle, so selection and ordering are independent.
    position = {item.id: index for index, item in enumerate(bank)}
    return sorted(chosen, key=lambda item: position[item.id])


def _present(number: int, item: Question, rng: random.Random) -> QuizItem:
    choices, rights = question_type(item).present(item, rng)
    return QuizItem(number, item, choices, rights)
