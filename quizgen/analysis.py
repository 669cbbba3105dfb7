"""Classical item analysis of a class's results, grouped by the lesson's own item ids.

Variants shuffle items and options, so everything here is keyed by item id
and option text, never by position.  Pure functions of plain data: the web
layer loads rows in a bounded number of queries and passes them in.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import fmean
from typing import Any, NamedTuple

from .labels import gettext as _

# Kelley's classic share for upper and lower groups.
EXTREME_GROUP_SHARE = 0.27


class ScoredResponse(NamedTuple):
    """One student's response to one item (a named tuple: a class's report makes thousands)."""

    attempt_id: str
    item_id: str
    points: float
    max_points: float
    response: Any = None


@dataclass
class ItemStats:
    """Statistics for one item across the class."""

    item_id: str
    responses: int
    facility: float
    """Mean share of the item's points earned (for right/wrong items: the share who got it right)."""
    point_biserial: float | None
    """Correlation of the item score with the rest of the test (None when undefined)."""
    upper_lower: float | None
    """Mean item score of the top 27 % minus that of the bottom 27 %."""
    choices: Counter = field(default_factory=Counter)
    """How often each option text was chosen (choice and true/false items)."""
    key: tuple[str, ...] = ()
    flags: list[str] = field(default_factory=list)


def _pearson(xs: list[float], ys: list[float]) -> float | None:
    if len(xs) < 3:
        return None
    mean_x, mean_y = fmean(xs), fmean(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / math.sqrt(sxx * syy)


def chosen_options(response: Any) -> list[str]:
    """Option texts a response picked (single choice, multiple select, true/false)."""
    if isinstance(response, bool):
        return ["True" if response else "False"]
    if isinstance(response, str):
        return [response]
    if isinstance(response, list):
        return [r for r in response if isinstance(r, str)]
    return []


def item_statistics(
    rows: Iterable[ScoredResponse], keys: dict[str, tuple[str, ...]] | None = None
) -> dict[str, ItemStats]:
    """Facility, discrimination and option counts for every item in ``rows``.

    ``keys`` maps item id to its key option texts, for choice items: it lets
    a distractor chosen more often than the key be flagged.
    """
    keys = keys or {}
    rows = list(rows)
    totals: dict[str, float] = defaultdict(float)
    possible: dict[str, float] = defaultdict(float)
    by_item: dict[str, list[ScoredResponse]] = defaultdict(list)
    for row in rows:
        totals[row.attempt_id] += row.points
        possible[row.attempt_id] += row.max_points
        by_item[row.item_id].append(row)
    share = {attempt: totals[attempt] / possible[attempt] if possible[attempt] else 0.0 for attempt in totals}
    ranked = sorted(share, key=share.__getitem__)
    group = max(1, round(len(ranked) * EXTREME_GROUP_SHARE)) if len(ranked) >= 4 else 0
    lower, upper = set(ranked[:group]), set(ranked[-group:]) if group else set()

    stats: dict[str, ItemStats] = {}
    for item_id, item_rows in by_item.items():
        scores = [r.points / r.max_points if r.max_points else 0.0 for r in item_rows]
        # Corrected item-total correlation: the rest of the test, without this item.
        rests = [(totals[r.attempt_id] - r.points) / ((possible[r.attempt_id] - r.max_points) or 1) for r in item_rows]
        upper_scores = [s for r, s in zip(item_rows, scores, strict=True) if r.attempt_id in upper]
        lower_scores = [s for r, s in zip(item_rows, scores, strict=True) if r.attempt_id in lower]
        upper_lower = fmean(upper_scores) - fmean(lower_scores) if upper_scores and lower_scores else None
        choices = Counter(option for r in item_rows for option in chosen_options(r.response))
        entry = ItemStats(
            item_id,
            len(item_rows),
            fmean(scores),
            _pearson(scores, rests),
            upper_lower,
            choices,
            tuple(keys.get(item_id, ())),
        )
        entry.flags = _flags(entry)
        stats[item_id] = entry
    return stats


def _flags(entry: ItemStats) -> list[str]:
    flags = []
    if entry.point_biserial is not None and entry.point_biserial < 0:
        flags.append(_("negative discrimination: stronger students did worse on it"))
    if entry.key and entry.choices:
        key_count = min(entry.choices.get(k, 0) for k in entry.key)
        popular = [
            (count, option) for option, count in entry.choices.items() if option not in entry.key and count > key_count
        ]
        if popular:
            flags.append(_("distractor chosen more than the key: \u201c%(option)s\u201d", option=max(popular)[1]))
    return flags


def skill_averages(rows: Iterable[ScoredResponse], skills: dict[str, str]) -> dict[str, float]:
    """Mean share of points per skill tag (``skills`` maps item id to its skill label)."""
    earned: dict[str, list[float]] = defaultdict(list)
    for row in rows:
        skill = skills.get(row.item_id)
        if skill and row.max_points:
            earned[skill].append(row.points / row.max_points)
    return {skill: fmean(values) for skill, values in sorted(earned.items())}


def histogram(values: Iterable[float], bins: int = 10) -> list[int]:
    """Counts of shares (0..1) in ``bins`` equal bins; 1.0 falls in the last one."""
    counts = [0] * bins
    for value in values:
        counts[min(bins - 1, max(0, int(value * bins)))] += 1
    return counts
