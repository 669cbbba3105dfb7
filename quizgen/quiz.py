"""Quiz assembly: choose, order and shuffle a lesson's items for one seed.

``build_quiz(lesson, seed, options)`` is deterministic: the same lesson,
seed and options give the same quiz, byte for byte (see ``Quiz.to_json``).
The seed is printed as a short *variant code* (``K7Q2-M9XD``) from which
:func:`seed_from_code` recovers it, so a worksheet or an attempt can be
rebuilt exactly.
"""

from __future__ import annotations

import hashlib
import random
import threading
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .balance import conflicts, template_cap, template_of
from .generators import item_bank
from .items import question_type
from .model import Lesson, Question

# Crockford's base32: no I, L, O or U, so codes survive being read aloud or handwritten.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CODE_CHARS = 7  # 35 bits of seed, plus one check character
SEED_LIMIT = 32**_CODE_CHARS


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
        return {
            "count": self.count,
            "topics": dict(sorted(self.topics.items())),
            "objectives": dict(sorted(self.objectives.items())),
            "shuffle_items": self.shuffle_items,
        }


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
    relaxed: tuple[str, ...] = ()
    """Fairness rules this draw had to give up because the bank is too small: ``template``, ``points``, ``facts``
    (see :func:`_select`); empty for a fair variant and for a quiz of the whole bank."""

    @property
    def max_points(self) -> int:
        """Total points available."""
        return sum(entry.item.points for entry in self.items)

    def to_json(self) -> str:
        """Canonical JSON of the whole quiz (items with keys): equal quizzes give equal bytes."""
        import json  # only this method needs it: `quizgen export` and `validate` start without it

        return json.dumps(
            {
                "lesson": self.lesson_id,
                "seed": self.seed,
                "variant": self.variant_code,
                "options": self.options.describe(),
                "items": [
                    {
                        "number": e.number,
                        "item": e.item.model_dump(mode="json"),
                        "choices": list(e.choices),
                        "rights": list(e.rights),
                    }
                    for e in self.items
                ],
            },
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )


class QuizOptionsError(ValueError):
    """The options ask for items the lesson does not have."""


def build_quiz(
    lesson: Lesson, seed: int, options: QuizOptions | None = None, *, bank: Sequence[Question] | None = None
) -> Quiz:
    """Select, order and shuffle the lesson's items for ``seed`` (0 <= seed < SEED_LIMIT).

    ``bank`` is the lesson's item bank when the caller keeps it (a loaded
    lesson's :attr:`~quizgen.library.LessonEntry.bank`); otherwise it is generated.
    """
    if not 0 <= seed < SEED_LIMIT:
        raise ValueError(f"seed must be between 0 and {SEED_LIMIT - 1}")
    options = options or QuizOptions()
    bank = item_bank(lesson) if bank is None else bank
    if not (options.topics or options.objectives) and lesson.blueprint:
        options = replace(options, topics=dict(lesson.blueprint.topics), objectives=dict(lesson.blueprint.objectives))
    if options.count is None and lesson.quiz_length:
        options = replace(options, count=min(lesson.quiz_length, len(bank)))
    rng = random.Random(_stream_seed(lesson.id, seed))
    chosen, relaxed = _select(bank, options, rng)
    if options.shuffle_items:
        rng.shuffle(chosen)
    items = tuple(_present(number, item, rng) for number, item in enumerate(chosen, start=1))
    return Quiz(lesson.id, seed, variant_code(seed), options, items, relaxed)


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
    cleaned = cleaned.translate(str.maketrans("ILO", "110"))
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


def _select(
    bank: Sequence[Question], options: QuizOptions, rng: random.Random
) -> tuple[list[Question], tuple[str, ...]]:
    """Draw the items of one variant: ``always`` items, then the per-topic and per-objective counts, then the rest.

    Every variant drawn with the same options holds the same number of items of each points value (so the same
    total), at most one item per fact, no item that shows another's key and at most a quarter of one stem
    template (:mod:`quizgen.balance`).  Up to ``_ATTEMPTS`` random draws are tried; if none meets every rule,
    the rules are relaxed in the order template, totals, facts, so a small bank still yields a quiz.
    """
    if not (options.count or options.topics or options.objectives):
        return list(bank), ()
    wanted = [("topic", value, count) for value, count in sorted(options.topics.items())]
    wanted += [("objective", value, count) for value, count in sorted(options.objectives.items())]
    for attribute, value, count in wanted:
        available = sum(1 for item in bank if getattr(item, attribute) == value)
        if available < count:
            raise QuizOptionsError(
                f"the lesson has {available} items with {attribute} '{value}', {count} were asked for"
            )
    asked = sum(count for _, _, count in wanted)
    total = options.count if options.count is not None else asked
    if total < asked:
        raise QuizOptionsError(f"count {total} is smaller than the {asked} items asked for by topic/objective")
    if total > len(bank):
        raise QuizOptionsError(f"the lesson has {len(bank)} items, {total} were asked for")
    always = [item for item in bank if item.always]
    total = max(total, len(always))
    rules = _Rules(bank, total, always)
    for relaxed in _LEVELS[_first_level(bank, always, wanted, total, rules) :]:
        for _ in range(_ATTEMPTS):
            chosen = _draw(bank, always, wanted, total, rules, relaxed, rng)
            if chosen is not None:
                position = {item.id: index for index, item in enumerate(bank)}
                # Keep the bank's order before the optional shuffle, so selection and ordering are independent.
                return sorted(chosen, key=lambda item: position[item.id]), relaxed
    raise QuizOptionsError(f"the lesson's items cannot make a quiz of {total} with these counts")


# Random draws tried at each level before relaxing a rule. At 30, about 1 seed in 250 of a tight shipped bank
# (baltic-cables, 15 of 32 items) found no fair draw and relaxed the template cap; at 100, none of 1,000 did.
_ATTEMPTS = 100
_LEVELS: tuple[tuple[str, ...], ...] = ((), ("template",), ("template", "points"), ("template", "points", "facts"))
_level_cache: OrderedDict[tuple, tuple[Sequence[Question], int]] = OrderedDict()
_level_lock = threading.Lock()


def _first_level(bank: Sequence[Question], always: list[Question], wanted: list, total: int, rules: _Rules) -> int:
    """The strictest level of rules a draw of this bank and these counts can meet, found once by a probe.

    The probe draws with its own fixed seed, so the answer depends only on the bank and the counts, never on
    which quizzes were built before: a seed still gives the same quiz in every process.  It spares each
    variant of an over-asked bank dozens of draws that cannot succeed.
    """
    key = (tuple(id(item) for item in bank), total, repr(wanted))
    with _level_lock:
        if key in _level_cache:
            _level_cache.move_to_end(key)
            return _level_cache[key][1]
    probe = random.Random(f"probe:{total}:{wanted!r}:{len(bank)}")
    level = next(
        (
            index
            for index, relaxed in enumerate(_LEVELS)
            if any(_draw(bank, always, wanted, total, rules, relaxed, probe) is not None for _ in range(_ATTEMPTS))
        ),
        len(_LEVELS) - 1,
    )
    with _level_lock:
        _level_cache[key] = (bank, level)  # the bank is kept so its items' ids stay unique while cached
        while len(_level_cache) > 256:
            _level_cache.popitem(last=False)
    return level


class _Rules:
    """The fairness rules of one bank and quiz size: conflicts, template cap, items per points value."""

    def __init__(self, bank: Sequence[Question], total: int, always: list[Question]):
        self.conflicts = conflicts(bank)
        self.cap = template_cap(total)
        self.profile = _points_profile(bank, total, always)


def _points_profile(bank: Sequence[Question], total: int, always: list[Question]) -> dict[int, int]:
    """How many items of each points value every variant holds: the bank's shares, by largest remainder."""
    counts = Counter(item.points for item in bank)
    exact = {points: total * count / len(bank) for points, count in counts.items()}
    profile = {points: int(share) for points, share in exact.items()}
    by_remainder = sorted(exact, key=lambda points: (-(exact[points] - profile[points]), points))
    for points in by_remainder[: total - sum(profile.values())]:
        profile[points] += 1
    for points, count in Counter(item.points for item in always).items():
        while profile[points] < count:  # items that must appear take their places from the commonest value
            donor = max((p for p in profile if p != points and profile[p] > 0), key=lambda p: profile[p], default=None)
            if donor is None:
                break
            profile[donor] -= 1
            profile[points] += 1
    return profile


def _draw(bank, always, wanted, total, rules: _Rules, relaxed: tuple[str, ...], rng: random.Random):
    chosen: list[Question] = []
    blocked: set[str] = set()
    templates: Counter = Counter()
    points: Counter = Counter()

    def fits(item: Question) -> bool:
        if item.id in blocked and "facts" not in relaxed:
            return False
        if "template" not in relaxed and templates[template_of(item)] >= rules.cap:
            return False
        return "points" in relaxed or points[item.points] < rules.profile.get(item.points, 0)

    def take(item: Question) -> None:
        chosen.append(item)
        blocked.update(rules.conflicts[item.id])
        blocked.add(item.id)
        templates[template_of(item)] += 1
        points[item.points] += 1

    for item in always:
        take(item)
    for attribute, value, count in wanted:
        have = sum(1 for item in chosen if getattr(item, attribute) == value)
        pool = [item for item in bank if getattr(item, attribute) == value and item not in chosen]
        rng.shuffle(pool)
        for item in pool:
            if have >= count:
                break
            if fits(item):
                take(item)
                have += 1
        if have < count:
            return None
    # Each pick is the fitting item of the least-used template, then the one that rules out fewest others (with
    # chance mixed in): templates stay balanced and the draw rarely paints itself into a corner.
    most = max((len(rules.conflicts[item.id]) for item in bank), default=0) or 1
    pool = [item for item in bank if item not in chosen]
    rng.shuffle(pool)
    jitter = {item.id: rng.random() for item in pool}
    while len(chosen) < total:
        fitting = [item for item in pool if fits(item)]
        if not fitting:
            break
        best = min(
            fitting,
            key=lambda item: (templates[template_of(item)], jitter[item.id] + len(rules.conflicts[item.id]) / most),
        )
        take(best)
        pool.remove(best)
    return chosen if len(chosen) == total else None


def _present(number: int, item: Question, rng: random.Random) -> QuizItem:
    choices, rights = question_type(item).present(item, rng)
    return QuizItem(number, item, choices, rights)
