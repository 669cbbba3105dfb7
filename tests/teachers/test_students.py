"""The student side of a class: the /join front door, roster identity, saved drafts, resuming, the blank check."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from quizgen.storage import AssignmentAttempt, RosterStudent, find_attempt
from quizgen.web.roster_forms import pasted_names

from ..helpers.pdf import pdf_text
from ..web.conftest import hidden_value
from ..web.html import parse, visible_text
from .conftest import LESSON_ID, Student, csrf_token

START_TOKEN = re.compile(r'name="start_token" type="hidden" value="([^"]+)"')
PERSONAL_CODE = re.compile(r'class="join-code code personal-code">([^<]+)<')


class ClassStudent(Student):
    """A student's browser on the class front door (one per device)."""

    def join_new(self, code: str, name: str) -> str:
        """Join the class as a new student; returns the personal code shown once."""
        page = self.client.get(f"/join/{code}").get_data(as_text=True)
        response = self.client.post(f"/join/{code}/new", data={"csrf_token": csrf_token(page), "new_name": name})
        assert response.status_code == 200, response.get_data(as_text=True)
        return PERSONAL_CODE.search(response.get_data(as_text=True)).group(1)

    def prove(self, code: str, name: str, personal_code: str):
        page = self.client.get(f"/join/{code}").get_data(as_text=True)
        return self.client.post(
            f"/join/{code}/me", data={"csrf_token": csrf_token(page), "name": name, "code": personal_code}
        )

    def home(self, code: str) -> str:
        return self.client.get(f"/join/{code}").get_data(as_text=True)

    def start_assignment(self, code: str):
        """Press the (only) Start or Continue button on the class page."""
        page = self.home(code)
        action = re.search(r'action="(/join/[^"]+/start/[^"]+)"', page).group(1)
        return self.client.post(
            action, data={"csrf_token": csrf_token(page), "start_token": hidden_value(START_TOKEN, page)}
        )


def code_of(school_class) -> str:
    return school_class.code.replace("-", "")


def test_the_class_code_leads_to_the_class_and_its_assignments_with_their_real_settings(app, teacher):
    school_class = teacher.new_class()
    teacher.assign(school_class, count=5, attempts_allowed=2)
    student = ClassStudent(app, app.test_client())
    typed = school_class.code.lower()
    response = student.client.get("/join", query_string={"code": f" {typed} "})
    assert response.status_code == 303 and response.headers["Location"] == f"/join/{code_of(school_class)}"
    personal = student.join_new(code_of(school_class), "Ana Lee")
    assert re.fullmatch(r"[2-9A-Z]{4}", personal)
    home = visible_text(student.home(code_of(school_class)))
    assert "Ana Lee" in home and "The harbour festival" in home
    assert "5 questions" in home and "2 attempts left" in home and "Results right after you submit" in home
    # The personal code is shown once only.
    assert personal not in student.home(code_of(school_class))


def test_the_lesson_page_from_the_class_page_tells_the_assignments_settings_not_the_lessons(app, teacher):
    school_class = teacher.new_class()
    teacher.assign(school_class, count=5, attempts_allowed=3)
    student = ClassStudent(app, app.test_client())
    student.join_new(code_of(school_class), "Ana")
    link = re.search(r'href="(/lessons/[^"]+\?class=[^"]+)"', student.home(code_of(school_class))).group(1)
    text = visible_text(student.client.get(link).get_data(as_text=True))
    assert "Your class's quiz: 8B English" in text and "3 attempts allowed" in text
    facts = text.split("What you will learn")[0]
    assert "5 questions" in facts and "28 questions" not in facts
    plain = visible_text(student.client.get(f"/lessons/{LESSON_ID}").get_data(as_text=True))
    assert "Your class's quiz" not in plain and "28 questions" in plain


def test_an_unknown_class_code_is_explained_without_telling_anyone_to_leave_it_empty(app):
    response = app.test_client().get("/join", query_string={"code": "ZZZ-ZZZ"})
    text = visible_text(response.get_data(as_text=True))
    assert response.status_code == 422 and "No class has the code" in text and "empty" not in text


def test_work_is_resumed_and_results_read_from_another_device_after_proving_who_you_are(app, teacher):
    school_class = teacher.new_class()
    teacher.assign(school_class, attempts_allowed=1)
    code = code_of(school_class)
    laptop = ClassStudent(app, app.test_client())
    personal = laptop.join_new(code, "Ana")
    started = laptop.start_assignment(code)
    assert started.status_code == 303
    quiz = laptop.open_quiz(started.headers["Location"])
    answers = quiz.form("right")
    radios = {control.name for control in parse(quiz.html).controls if control.type == "radio"}
    first_two = [name for name in answers if name in radios][:2]
    saved = laptop.client.post(
        quiz.url + "/save",
        data=quiz.form("empty", **{name: answers[name] for name in first_two}),
        headers={"X-Requested-With": "fetch"},
    )
    assert saved.status_code == 200 and saved.json["message"].startswith("Saved ")

    phone = ClassStudent(app, app.test_client())
    assert phone.client.get(quiz.url).status_code == 404  # not proven yet
    assert phone.prove(code, "Ana", "WRONG").status_code == 422
    assert phone.prove(code, "  ana ", personal.lower()).status_code == 303
    again = phone.start_assignment(code)
    assert again.headers["Location"] == started.headers["Location"]  # continued, not a second attempt
    reopened = phone.open_quiz(again.headers["Location"])
    checked = {
        (control.name, control.attrs.get("value"))
        for control in parse(reopened.html).controls
        if control.type == "radio" and "checked" in control.attrs
    }
    assert checked == {(name, answers[name]) for name in first_two}
    assert "Saved " in visible_text(reopened.html)
    assert phone.submit(reopened, reopened.form("right")).status_code == 303
    # A third device reads the result; the class page lists the attempt.
    tablet = ClassStudent(app, app.test_client())
    tablet.prove(code, "Ana", personal)
    home = tablet.home(code)
    result_link = re.search(r'href="(/attempts/[^"]+/result)"', home).group(1)
    result = tablet.client.get(result_link)
    assert result.status_code == 200 and "Ana" in visible_text(result.get_data(as_text=True))
    assert "You have used every attempt" in visible_text(home)


def test_two_students_with_one_name_stay_two_students(app, teacher):
    school_class = teacher.new_class()
    teacher.assign(school_class, attempts_allowed=1)
    code = code_of(school_class)
    first, second = ClassStudent(app, app.test_client()), ClassStudent(app, app.test_client())
    first_code = first.join_new(code, "Alex Kim")
    second_code = second.join_new(code, "alex kim")
    one = first.start_assignment(code).headers["Location"]
    two = second.start_assignment(code).headers["Location"]
    assert one != two
    with app.extensions["quizgen.database"].session() as session:
        keys = {
            session.get(AssignmentAttempt, find_attempt(session, url.rsplit("/", 1)[-1]).id).student_key
            for url in (one, two)
        }
        assert len(keys) == 2 and all(key.startswith("r:") for key in keys)
    # Each code opens only its own student's work.
    other_device = ClassStudent(app, app.test_client())
    assert other_device.prove(code, "Alex Kim", second_code).status_code == 303
    assert other_device.client.get(two).status_code == 200
    assert other_device.client.get(one).status_code == 404
    assert other_device.prove(code, "Alex Kim", first_code).status_code == 303
    assert other_device.client.get(one).status_code == 200


def test_a_stale_or_replayed_save_is_refused_and_a_draft_is_never_graded(student):
    quiz = student.open_quiz()
    data = quiz.form("right")
    fetch = {"X-Requested-With": "fetch"}
    first = student.client.post(quiz.url + "/save", data=data, headers=fetch)
    assert first.status_code == 200 and first.json["seq"] == int(data["seq"]) + 1
    replayed = student.client.post(quiz.url + "/save", data=data, headers=fetch)
    assert replayed.status_code == 409 and "another window or device" in replayed.json["error"]
    attempt = student.attempt(quiz.public_id)
    assert attempt.submitted_at is None and attempt.score is None and attempt.responses == []
    assert attempt.draft and attempt.seq == first.json["seq"]
    # The page opened before the save is out of date for submitting too.
    assert student.submit(quiz, data).status_code == 409
    fresh = student.open_quiz(quiz.url)
    assert student.submit(fresh, fresh.form("right")).status_code == 303
    submitted = student.attempt(quiz.public_id)
    assert submitted.draft is None and submitted.score is not None
    late = student.client.post(quiz.url + "/save", data=fresh.form("right"), headers=fetch)
    assert late.status_code == 409


def test_a_proven_roster_student_saves_from_another_browser_and_another_student_cannot(app, teacher):
    school_class = teacher.new_class()
    teacher.assign(school_class, attempts_allowed=1)
    code = code_of(school_class)
    laptop = ClassStudent(app, app.test_client())
    personal = laptop.join_new(code, "Ana")
    quiz = laptop.open_quiz(laptop.start_assignment(code).headers["Location"])
    fetch = {"X-Requested-With": "fetch"}
    other = ClassStudent(app, app.test_client())
    other.join_new(code, "Ben")  # proven as Ben, never as Ana
    data = {**quiz.form("right"), "csrf_token": csrf_token(other.home(code))}
    assert other.client.post(quiz.url + "/save", data=data, headers=fetch).status_code == 404
    assert laptop.attempt(quiz.public_id).seq == 0
    phone = ClassStudent(app, app.test_client())
    assert phone.prove(code, "Ana", personal).status_code == 303  # the attempt itself was never opened here
    data = {**quiz.form("right"), "csrf_token": csrf_token(phone.home(code))}
    saved = phone.client.post(quiz.url + "/save", data=data, headers=fetch)
    assert saved.status_code == 200 and laptop.attempt(quiz.public_id).seq == 1


def test_save_and_continue_later_works_without_javascript(student):
    quiz = student.open_quiz()
    data = quiz.form("wrong")
    response = student.client.post(quiz.url + "/save", data=data)
    assert response.status_code == 303 and response.headers["Location"].endswith("?saved=1")
    page = student.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your answers are saved" in visible_text(page) and "Saved " in visible_text(page)
    typed = [
        (name, value)
        for name, value in data.items()
        if isinstance(value, str) and len(value) > 3 and name.startswith("q")
    ]
    for name, value in typed[:3]:
        assert value in page, name


def test_blank_questions_are_listed_with_links_before_submitting_anyway(student):
    quiz = student.open_quiz()
    data, empty = quiz.form("right"), quiz.form("empty")
    blanked = [name for name in data if re.fullmatch(r"q\d+", name)][:2]
    for name in blanked:
        data.pop(name)
        if name in empty:  # a text box or a select is sent even when empty
            data[name] = empty[name]
    data["check_blank"] = "1"
    warned = student.submit(quiz, data)
    html = warned.get_data(as_text=True)
    numbers = [name[1:] for name in blanked]
    assert warned.status_code == 200
    assert f"2 questions are blank: {', '.join(sorted(numbers, key=int))}" in visible_text(html)
    assert all(f'href="#question-{number}"' in html for number in numbers)
    assert 'name="check_blank"' not in html and "Submit anyway" in html
    assert student.attempt(quiz.public_id).submitted_at is None
    del data["check_blank"]
    assert student.submit(quiz, data).status_code == 303
    assert student.attempt(quiz.public_id).submitted_at is not None


def test_the_teacher_pastes_names_sees_codes_once_and_approves_renames_merges_and_removes(app, teacher):
    school_class = teacher.new_class()
    teacher.assign(school_class, attempts_allowed=2)
    roster_url = f"{school_class.url}/roster"
    pasted = teacher.post(roster_url, {"names": "Ana Lee\n\n  Ben   Oduya \nAna Lee\tChen Wu\n"})
    html = pasted.get_data(as_text=True)
    assert pasted.status_code == 200 and "4 students added" in visible_text(html)
    codes = re.findall(r'<td class="code">([2-9A-Z]{4})</td>', html)
    assert len(codes) == 4
    assert not any(code in teacher.get(roster_url).get_data(as_text=True) for code in codes)
    # A student who joins by themselves waits for approval; their work is kept through a merge.
    code = code_of(school_class)
    newcomer = ClassStudent(app, app.test_client())
    newcomer.join_new(code, "Chen W.")
    attempt_url = newcomer.start_assignment(code).headers["Location"]
    with app.extensions["quizgen.database"].session() as session:
        students = {s.name: s for s in session.query(RosterStudent).all()}
    page = teacher.get(roster_url).get_data(as_text=True)
    assert "joined by themselves: confirm" in visible_text(page)
    change = f"{roster_url}/{students['Chen W.'].public_id}"
    assert teacher.post(change, {"action": "approve"}).status_code == 303
    assert teacher.post(change, {"action": "rename", "new_name": "Chen Wei"}).status_code == 303
    assert teacher.post(change, {"action": "merge", "merge_into": students["Chen Wu"].public_id}).status_code == 303
    with app.extensions["quizgen.database"].session() as session:
        attempt = find_attempt(session, attempt_url.rsplit("/", 1)[-1])
        assert attempt.link.student_key == f"r:{students['Chen Wu'].id}" and attempt.student_name == "Chen Wu"
        assert session.query(RosterStudent).filter_by(name="Chen Wei").count() == 0
    remove = f"{roster_url}/{students['Ben Oduya'].public_id}"
    assert teacher.post(remove, {"action": "remove"}).status_code == 303
    roster_page = teacher.get(roster_url).get_data(as_text=True)
    assert "Ben Oduya was removed" in roster_page and '<th scope="row">Ben Oduya</th>' not in roster_page
    assert teacher.post(roster_url, {"names": "x" * 61}).status_code == 422


def test_roster_slips_and_the_show_to_class_page_carry_the_code_and_the_link(app, teacher):
    school_class = teacher.new_class("7C History")
    pasted = teacher.post(f"{school_class.url}/roster", {"names": "Ana Lee\nBen Oduya"})
    codes = re.findall(r'<td class="code">([2-9A-Z]{4})</td>', pasted.get_data(as_text=True))
    slips = teacher.get(f"{school_class.url}/roster/slips.pdf")
    assert slips.mimetype == "application/pdf"
    text = pdf_text(slips.data)
    assert "Ana Lee" in text and "Ben Oduya" in text and all(code in text for code in codes)
    assert f"/join/{code_of(school_class)}" in text
    show = teacher.get(f"{school_class.url}/show").get_data(as_text=True)
    assert school_class.code in show and f"/join/{code_of(school_class)}" in show and "<svg" in show
    class_page = teacher.get(school_class.url).get_data(as_text=True)
    assert "Copy code" in class_page and "Show to class" in class_page


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20), max_size=8))
def test_pasted_names_are_the_non_blank_lines_tidied(lines):
    names = pasted_names("\n".join(lines))
    assert all(name and name == " ".join(name.split()) for name in names)
    assert pasted_names("\n".join(names)) == names  # pasting the roster back adds the same students


def test_a_student_not_proven_sees_no_one_elses_work_and_can_leave(app, teacher):
    school_class = teacher.new_class()
    teacher.assign(school_class)
    code = code_of(school_class)
    student = ClassStudent(app, app.test_client())
    student.join_new(code, "Ana")
    page = student.home(code)
    assert "Not Ana? Sign out" in visible_text(page)
    left = student.client.post(f"/join/{code}/leave", data={"csrf_token": csrf_token(page)})
    assert left.status_code == 303
    assert "I have a personal code" in visible_text(student.home(code))


def test_guessing_a_students_personal_code_is_paused_after_a_few_tries(app, teacher):
    school_class = teacher.new_class()
    code = code_of(school_class)
    owner = ClassStudent(app, app.test_client())
    personal = owner.join_new(code, "Ana")
    guesser = ClassStudent(app, app.test_client())
    wrong = [
        guess for guess in ("2222", "3333", "4444", "5555", "6666", "7777", "8888", "9999", "AAAA") if guess != personal
    ]
    statuses = [guesser.prove(code, "Ana", guess).status_code for guess in wrong[:8]]
    assert set(statuses) == {422}
    locked = guesser.prove(code, "ana", personal)
    assert locked.status_code == 429 and "Too many wrong personal codes" in locked.get_data(as_text=True)
    # Another student's name is not paused.
    owner_two = ClassStudent(app, app.test_client())
    second = owner_two.join_new(code, "Ben")
    assert ClassStudent(app, app.test_client()).prove(code, "Ben", second).status_code == 303
