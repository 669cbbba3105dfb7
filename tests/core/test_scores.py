"""One score statement for the student's and the teacher's pages: marking never lowers a percentage."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quizgen.scores import score_of

MAX_POINTS = st.integers(min_value=1, max_value=10)
STATUSES = st.sampled_from(["correct", "partial", "wrong", "unanswered"])


@st.composite
def answers(draw):
    """A submitted attempt's rows: automatically marked ones, and open answers waiting for a mark."""
    marked = [
        (float(draw(st.integers(0, top))), float(top), draw(STATUSES))
        for top in draw(st.lists(MAX_POINTS, min_size=0, max_size=12))
    ]
    waiting = [float(top) for top in draw(st.lists(MAX_POINTS, min_size=1, max_size=4))]
    return marked, waiting


@given(answers(), st.data())
def test_giving_points_to_a_waiting_answer_never_lowers_the_percentage(attempt, data):
    marked, waiting = attempt
    before = score_of(marked + [(0.0, top, "pending") for top in waiting])
    given_points = [float(data.draw(st.integers(0, int(top)))) for top in waiting]
    after = score_of(marked + [(points, top, "wrong") for points, top in zip(given_points, waiting, strict=True)])
    assert after.total == before.total  # one denominator: the variant's own total, before and after marking
    assert after.percentage >= before.percentage
    assert before.pending_points == sum(waiting) and after.complete and not before.complete


def test_a_waiting_answer_is_stated_apart_from_the_marked_points():
    score = score_of([(14.0, 18.0, "partial"), (0.0, 7.0, "pending")])
    assert (score.earned, score.marked_max, score.pending_points, score.total) == (14, 18, 7, 25)
    assert score.percentage == 56  # of the whole 25, not 78 % of the 18 marked so far
