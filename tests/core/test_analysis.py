"""Item analysis against a hand-computed example."""

from __future__ import annotations

import math

import pytest

from quizgen.analysis import ScoredResponse, histogram, item_statistics, skill_averages
from quizgen.charts import Bar, bar_chart

# Five students, three one-point items. Item "hard" is answered right only by the weakest student.
#            easy  mid  hard   total
# s1 (A)      1     1    0       2
# s2 (B)      1     1    0       2
# s3 (C)      1     0    0       1
# s4 (D)      1     0    0       1
# s5 (E)      0     0    1       1
TABLE = {"s1": (1, 1, 0), "s2": (1, 1, 0), "s3": (1, 0, 0), "s4": (1, 0, 0), "s5": (0, 0, 1)}
HARD_CHOICES = {"s1": "Iran", "s2": "Iran", "s3": "Iran", "s4": "China", "s5": "Russia"}


def _rows():
    for student, scores in TABLE.items():
        for item, points in zip(("easy", "mid", "hard"), scores, strict=True):
            response = HARD_CHOICES[student] if item == "hard" else None
            yield ScoredResponse(student, item, points, 1, response)


def test_facility_and_discrimination_match_hand_computation():
    stats = item_statistics(_rows(), keys={"hard": ("Russia",)})
    assert stats["easy"].facility == pytest.approx(0.8)
    assert stats["mid"].facility == pytest.approx(0.4)
    assert stats["hard"].facility == pytest.approx(0.2)
    # mid vs rest-of-test (easy+hard)/2: scores [1,1,0,0,0], rests [.5,.5,.5,.5,.5] -> no variance in rest -> undefined
    assert stats["mid"].point_biserial is None
    # hard: x=[0,0,0,0,1], rest=[1,1,.5,.5,0] ; mean x=.2, mean rest=.6
    # sxy = (-.2)(.4)*2 + (-.2)(-.1)*2 + (.8)(-.6) = -.16 + .04 - .48 = -.6
    # sxx = .04*4 + .64 = .8 ; syy = .16*2 + .01*2 + .36 = .7
    assert stats["hard"].point_biserial == pytest.approx(-0.6 / math.sqrt(0.8 * 0.7))
    # 27 % of 5 students rounds to 1: upper = a top scorer, lower = a bottom one (s3/s4/s5 tie on total share)
    assert stats["easy"].upper_lower is not None
    assert any("negative discrimination" in flag for flag in stats["hard"].flags)
    assert stats["hard"].choices == {"Iran": 3, "China": 1, "Russia": 1}
    assert any("distractor chosen more than the key: \u201cIran\u201d" in flag for flag in stats["hard"].flags)
    # easy: x=[1,1,1,1,0], rest=[.5,.5,0,0,.5]; sxy=-.2, sxx=.8, syy=.3 (the one miss is a mid scorer's)
    assert stats["easy"].point_biserial == pytest.approx(-0.2 / math.sqrt(0.8 * 0.3))


def test_upper_lower_with_a_clear_split():
    rows = [ScoredResponse(f"s{i}", "q", 1 if i >= 5 else 0, 1) for i in range(10)]
    rows += [ScoredResponse(f"s{i}", "other", i / 9, 1) for i in range(10)]
    stats = item_statistics(rows)
    assert stats["q"].upper_lower == pytest.approx(1.0)  # 27 % of 10 = 3: top three all right, bottom three all wrong
    assert stats["q"].point_biserial > 0.8
    assert stats["q"].flags == []


def test_skill_averages_and_histogram():
    rows = list(_rows())
    averages = skill_averages(
        rows, {"easy": "Who is behind it?", "hard": "Who is behind it?", "mid": "What is the evidence?"}
    )
    assert averages == {"What is the evidence?": pytest.approx(0.4), "Who is behind it?": pytest.approx(0.5)}
    assert histogram([0, 0.05, 0.5, 0.99, 1.0], bins=10) == [2, 0, 0, 0, 0, 1, 0, 0, 0, 2]


def test_bar_chart_is_escaped_svg_with_a_title():
    svg = bar_chart(
        "Facility <by item>",
        [Bar("q1 <script>", 0.5, flagged=True), Bar("q2", 1.0)],
        chart_id="facility",
        max_value=1,
        value_format="{:.0%}",
    )
    assert svg.startswith("<svg") and '<title id="facility-title">Facility &lt;by item&gt;</title>' in svg
    assert 'aria-labelledby="facility-title"' in svg
    assert "<script>" not in svg and "50%" in svg and "100%" in svg and "\u26a0" in svg
