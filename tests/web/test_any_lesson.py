"""The web quiz works for lessons nobody hand-picked: random valid lessons, taken right through."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings

from quizgen.generators import item_bank
from quizgen.web import create_app

from ..core.lesson_strategies import lessons
from .conftest import TEST_SECRET, Student


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(lesson=lessons())
def test_a_random_lesson_can_be_taken_and_scores_full_marks(lesson):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "lessons").mkdir()
        data = lesson.model_dump(mode="json", exclude_defaults=True)
        (root / "lessons" / "random.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        app = create_app(
            {
                "INSTANCE_PATH": root / "instance",
                "LESSONS_DIR": str(root / "lessons"),
                "DATABASE_URL": f"sqlite:///{root / 'db.sqlite3'}",
                "SECRET_KEY": TEST_SECRET,
            }
        )
        assert app.extensions["quizgen.library"].get("random") is not None, app.extensions["quizgen.library"].problems
        student = Student(app, app.test_client())
        response = student.start(lesson_id="random")
        assert response.status_code == 303, response.get_data(as_text=True)
        quiz = student.open_quiz(response.headers["Location"])
        for entry in quiz.quiz.items:
            assert entry.item.explanation is None or entry.item.explanation not in quiz.html
        submitted = student.submit(quiz, quiz.form("right"))
        assert submitted.status_code == 303, submitted.get_data(as_text=True)
        result = student.client.get(submitted.headers["Location"])
        assert result.status_code == 200
        attempt = student.attempt(quiz.public_id)
        assert attempt.score == attempt.max_score == sum(item.points for item in item_bank(lesson))
        app.extensions["quizgen.database"].engine.dispose()
