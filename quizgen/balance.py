"""What makes a drawn quiz fair: one item per fact, no item answering another, varied stems, equal totals.

:func:`conflicts` says which items of a bank may not share a variant:

* two items about the same fact (a claim, term, event, action or marked
  sentence, from the generators' trace), quoting the same words, or with
  the same stem;
* an item whose stem (or, for a long key, options and feedback) contains
  another item's key: a student would find one answer in the other item.

:func:`template_of` names the stem template an item was written from, so no
template fills more than a quarter of a variant.  Quiz assembly
(:mod:`quizgen.quiz`) applies these rules, and ``benchmarks/quality.py``
measures them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

from .items import question_type
from .model import Question
from .text import contains_whole, normalize_answer

TEMPLATE_SHARE = 0.25
# Rules whose keys are category labels shared by every item of the rule ("Speculation"), not facts.
LABEL_RULES = frozenset({"claim_support", "claim_classification", "timeline_before_after"})
_MIN_KEY_CHARACTERS = 4
_LONG_KEY_WORDS = 4


def facts_of(item: Question) -> frozenset[str]:
    """The lesson facts an item tests: its generator trace, and every quote it cites."""
    quotes = {"quote:" + normalize_answer(item.evidence)}
    quotes |= {"quote:" + normalize_answer(citation.evidence) for citation in item.also_cites}
    facts = set(item.trace.facts) if item.trace else set()
    return frozenset(facts | quotes)


def key_texts(item: Question) -> list[str]:
    """The texts that would give an item's answer away if another item showed them."""
    if item.trace and item.trace.rule in LABEL_RULES:
        return []
    return list(question_type(item).giveaways(item))


def shown_texts(item: Question) -> tuple[str, list[str], str]:
    """What a student reads of an item: the question before answering, the texts offered, the feedback."""
    kind = question_type(item)
    return kind.visible_text(item), list(kind.offered(item)), item.explanation or ""


class _Shown:
    """An item's shown texts and giveaway keys, normalised once (leak checks compare every pair of a bank)."""

    __slots__ = ("feedback", "keys", "long_keys", "options", "stem")

    def __init__(self, item: Question):
        stem, options, feedback = shown_texts(item)
        self.stem = normalize_answer(stem)
        self.options = [normalize_answer(option) for option in options]
        self.feedback = normalize_answer(feedback)
        keys = [normalize_answer(key) for key in key_texts(item)]
        self.keys = [key for key in keys if len(key) >= _MIN_KEY_CHARACTERS]
        self.long_keys = [key for key in self.keys if len(key.split()) >= _LONG_KEY_WORDS]

    def shows_key_of(self, giver: _Shown) -> bool:
        """Whether this item shows ``giver``'s key (see :func:`leaks`)."""
        if any(contains_whole(self.stem, key) for key in giver.keys):
            return True
        return any(
            contains_whole(self.feedback, key) or any(contains_whole(option, key) for option in self.options)
            for key in giver.long_keys
        )


def leaks(giver: Question, taker: Question) -> bool:
    """Whether ``taker`` shows ``giver``'s key: in its stem, or (a long key) in its options or feedback."""
    return _Shown(taker).shows_key_of(_Shown(giver))


def template_of(item: Question) -> str:
    """The stem template an item comes from: its generator rule, or the item itself when hand-written."""
    return item.trace.rule if item.trace else f"question:{item.id}"


def template_cap(count: int) -> int:
    """The most items of one template a quiz of ``count`` items may hold."""
    return max(1, int(count * TEMPLATE_SHARE))


_cache: OrderedDict[tuple[int, ...], tuple[Sequence[Question], dict[str, frozenset[str]]]] = OrderedDict()
_cache_lock = threading.Lock()


def conflicts(bank: Sequence[Question]) -> dict[str, frozenset[str]]:
    """For each item id, the ids of items that may not be in the same variant (computed once per bank)."""
    key = tuple(id(item) for item in bank)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key][1]
    shown = {item.id: _Shown(item) for item in bank}
    facts = {item.id: facts_of(item) | {"stem:" + shown[item.id].stem} for item in bank}
    result: dict[str, set[str]] = {item.id: set() for item in bank}
    for index, first in enumerate(bank):
        for second in bank[index + 1 :]:
            a, b = shown[first.id], shown[second.id]
            if (facts[first.id] & facts[second.id]) or b.shows_key_of(a) or a.shows_key_of(b):
                result[first.id].add(second.id)
                result[second.id].add(first.id)
    frozen = {item_id: frozenset(others) for item_id, others in result.items()}
    with _cache_lock:
        _cache[key] = (bank, frozen)  # the bank is kept so its items' ids stay unique while cached
        while len(_cache) > 64:
            _cache.popitem(last=False)
    return frozen


def fits_fairly(bank: list[Question], size: int) -> bool:
    """Whether a variant of ``size`` items can meet every rule: one item per fact, no leaked key, no template over
    its share.  Tested greedily (items that rule out fewest others first), so ``False`` may be pessimistic."""
    rules = conflicts(bank)
    cap = template_cap(size)
    blocked: set[str] = set()
    templates: dict[str, int] = {}
    taken = 0
    for item in sorted(bank, key=lambda item: (len(rules[item.id]), item.id)):
        template = template_of(item)
        if item.id not in blocked and templates.get(template, 0) < cap:
            taken += 1
            templates[template] = templates.get(template, 0) + 1
            blocked |= rules[item.id] | {item.id}
    return taken >= size


def fair_quiz_size(bank: list[Question], at_most: int | None = None) -> int:
    """The largest quiz size, up to ``at_most``, that :func:`fits_fairly`."""
    for size in range(min(len(bank), at_most or len(bank)), 0, -1):
        if fits_fairly(bank, size):
            return size
    return 0
