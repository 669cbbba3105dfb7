"""The autosave endpoint's guarantees: a refused save writes nothing, a draft holds only what a quiz form can hold,
and the quiz page restores only the variant's own inputs from it."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from quizgen.quiz import QuizOptions, build_quiz
from quizgen.web.forms import (
    DRAFT_FIELD_NAME,
    DRAFT_FIELDS_MAX,
    DRAFT_VALUE_MAX,
    DRAFT_VALUES_PER_FIELD_MAX,
    build_quiz_form_spec,
    read_draft,
    restorable_draft,
)

from .conftest import BOTH_DATABASES, LESSON_ID, Student, csrf_token
from .html import parse

FETCH = {"X-Requested-With": "fetch"}


def stored_state(student: Student, public_id: str) -> tuple:
    attempt = student.attempt(public_id)
    return attempt.seq, attempt.draft, attempt.draft_saved_at


def controls_by_type(html: str) -> dict[str, list]:
    found: dict[str, list] = {}
    for control in parse(html).controls:
        if control.name and control.name.startswith("q"):
            found.setdefault(control.type, []).append(control)
    return found


@BOTH_DATABASES
def test_a_stale_or_replayed_save_writes_nothing(student):
    quiz = student.open_quiz()
    first = student.client.post(quiz.url + "/save", data=quiz.form("right"), headers=FETCH)
    assert first.status_code == 200
    before = stored_state(student, quiz.public_id)
    stale = student.client.post(quiz.url + "/save", data=quiz.form("wrong"), headers=FETCH)  # the page's old seq
    assert stale.status_code == 409 and stale.json["seq"] == first.json["seq"]
    assert stored_state(student, quiz.public_id) == before


@BOTH_DATABASES
def test_an_oversized_answer_is_refused_with_a_clear_400_and_nothing_is_stored(student):
    quiz = student.open_quiz()
    before = stored_state(student, quiz.public_id)
    name = next(name for name in quiz.form("right") if DRAFT_FIELD_NAME.match(name))
    too_long = quiz.form("right", **{name: "x" * (DRAFT_VALUE_MAX + 1)})
    response = student.client.post(quiz.url + "/save", data=too_long, headers=FETCH)
    assert response.status_code == 400 and f"longer than the {DRAFT_VALUE_MAX} characters" in response.json["error"]
    many = MultiDict(quiz.form("right"))
    many.setlist(name, [str(n) for n in range(DRAFT_VALUES_PER_FIELD_MAX + 1)])
    assert student.client.post(quiz.url + "/save", data=many, headers=FETCH).status_code == 400
    no_script = student.client.post(quiz.url + "/save", data=too_long)
    assert no_script.status_code == 400 and "characters allowed" in no_script.get_data(as_text=True)
    assert stored_state(student, quiz.public_id) == before


def test_a_field_no_quiz_form_has_is_refused_and_nothing_is_stored(student):
    quiz = student.open_quiz()
    before = stored_state(student, quiz.public_id)
    response = student.client.post(quiz.url + "/save", data=quiz.form("right", evil="<script>"), headers=FETCH)
    assert response.status_code == 400 and "fields this quiz does not have (evil)" in response.json["error"]
    assert stored_state(student, quiz.public_id) == before


def test_a_damaged_sequence_number_is_a_400_not_a_500(student):
    quiz = student.open_quiz()
    for seq in ("", "-1", "1e3", "٣", "9" * 30):
        response = student.client.post(quiz.url + "/save", data=quiz.form("right", seq=seq), headers=FETCH)
        assert response.status_code == 400, seq
    assert stored_state(student, quiz.public_id)[0] == 0


def test_foreign_fields_and_impossible_values_are_stored_but_never_restored_into_the_page(student):
    quiz = student.open_quiz()
    controls = controls_by_type(quiz.html)
    radio = controls["radio"][0].name
    typed = next(c for c in controls.get("text", []) + controls.get("textarea", []) if c.attrs.get("maxlength"))
    longer = "y" * (int(typed.attrs["maxlength"]) + 1)
    data = quiz.form("empty", **{radio: "Z9", typed.name: longer, "q999": "from another variant"})
    assert student.client.post(quiz.url + "/save", data=data, headers=FETCH).status_code == 200
    assert student.attempt(quiz.public_id).draft["q999"] == ["from another variant"]  # stored, harmlessly
    page = student.client.get(quiz.url).get_data(as_text=True)
    assert "from another variant" not in page and 'name="q999"' not in page and longer not in page
    assert not any("checked" in c.attrs for c in controls_by_type(page)["radio"] if c.name == radio)


def test_a_saved_draft_is_restored_and_never_graded(student):
    quiz = student.open_quiz()
    right = quiz.form("right")
    radio = controls_by_type(quiz.html)["radio"][0].name
    saved = student.client.post(quiz.url + "/save", data=quiz.form("empty", **{radio: right[radio]}), headers=FETCH)
    assert saved.status_code == 200
    page = student.client.get(quiz.url).get_data(as_text=True)
    checked = [c for c in controls_by_type(page)["radio"] if c.name == radio and "checked" in c.attrs]
    assert [c.attrs["value"] for c in checked] == [right[radio]]
    attempt = student.attempt(quiz.public_id)
    assert attempt.score is None and attempt.responses == [] and not attempt.is_submitted


@BOTH_DATABASES
def test_another_browser_cannot_save_into_an_attempt(app, student):
    quiz = student.open_quiz()
    before = stored_state(student, quiz.public_id)
    stranger = app.test_client()
    token = csrf_token(stranger.get(f"/lessons/{LESSON_ID}").get_data(as_text=True))
    data = {**quiz.form("right"), "csrf_token": token}
    assert stranger.post(quiz.url + "/save", data=data, headers=FETCH).status_code == 404
    assert stored_state(student, quiz.public_id) == before


def test_a_save_without_its_csrf_token_is_refused(student):
    quiz = student.open_quiz()
    data = quiz.form("right")
    del data["csrf_token"]
    assert student.client.post(quiz.url + "/save", data=data, headers=FETCH).status_code == 400
    assert stored_state(student, quiz.public_id)[0] == 0


def test_a_save_after_the_author_edited_the_lesson_is_refused_and_writes_nothing(student, lessons_dir):
    quiz = student.open_quiz()
    path = lessons_dir / "mini.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    response = student.client.post(quiz.url + "/save", data=quiz.form("right"), headers=FETCH)
    assert response.status_code == 409 and "edited this lesson" in response.get_data(as_text=True)
    assert stored_state(student, quiz.public_id) == (0, None, None)


def test_a_save_of_a_submitted_quiz_is_refused_and_changes_nothing(student):
    quiz = student.open_quiz()
    assert student.submit(quiz, quiz.form("right")).status_code == 303
    before = student.attempt(quiz.public_id)
    late = student.client.post(quiz.url + "/save", data=quiz.form("wrong", seq="1"), headers=FETCH)
    assert late.status_code == 409 and "already submitted" in late.json["error"]
    after = student.attempt(quiz.public_id)
    assert (after.seq, after.score, after.draft) == (before.seq, before.score, None)


# --- the draft rules, for every input --------------------------------------------------------------------------


def _mini_spec(lessons_dir):
    from quizgen.library import LessonLibrary

    entry = LessonLibrary(lessons_dir).get(LESSON_ID)
    return build_quiz_form_spec(build_quiz(entry.lesson, 12345, QuizOptions(), bank=entry.bank))


field_names = st.one_of(st.from_regex(r"q[1-9][0-9]?(_[1-9])?", fullmatch=True), st.text(max_size=12))
stored_values = st.one_of(
    st.lists(st.one_of(st.text(max_size=300), st.sampled_from(["A", "B", "C", "Z9", ""])), max_size=5),
    st.text(max_size=5),
    st.integers(),
    st.none(),
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(draft=st.dictionaries(field_names, stored_values, max_size=12))
def test_a_restored_draft_holds_only_the_variants_own_inputs_with_values_they_can_hold(lessons_dir, draft):
    spec = _mini_spec(lessons_dir)
    for name, values in restorable_draft(draft, spec).items():
        quiz_input = spec.inputs[name]
        assert name not in ("seq", "check_blank") and values
        assert all(isinstance(value, str) and "\x00" not in value for value in values)
        if quiz_input.allowed is not None:
            assert set(values) <= quiz_input.allowed and len(set(values)) == len(values)
        elif quiz_input.max_length:
            assert all(len(value.replace("\r\n", "\n")) <= quiz_input.max_length for value in values)
        if not quiz_input.multiple:
            assert len(values) == 1


@settings(max_examples=200)
@given(
    form=st.lists(
        st.tuples(st.one_of(field_names, st.sampled_from(["seq", "check_blank", "csrf_token"])), st.text(max_size=40)),
        max_size=30,
    )
)
def test_a_stored_draft_is_always_within_what_a_quiz_form_can_hold(form):
    read = read_draft(MultiDict(form))
    if read.problem is not None:
        assert read.draft == {}
        return
    assert len(read.draft) <= DRAFT_FIELDS_MAX
    for name, values in read.draft.items():
        assert DRAFT_FIELD_NAME.match(name) and any(values)
        assert len(values) <= DRAFT_VALUES_PER_FIELD_MAX
        assert all(len(value) <= DRAFT_VALUE_MAX and "\x00" not in value for value in values)


def test_a_draft_larger_than_any_quiz_form_is_refused_as_a_whole():
    too_many = MultiDict([(f"q{n}", "A") for n in range(1, DRAFT_FIELDS_MAX + 2)])
    assert "too large" in read_draft(too_many).problem
    assert read_draft(MultiDict([(f"q{n}", "A") for n in range(1, DRAFT_FIELDS_MAX + 1)])).problem is None
    too_long = MultiDict([(f"q{n}", "x" * DRAFT_VALUE_MAX) for n in range(1, 60)])
    assert "too large" in read_draft(too_long).problem
