"""A double-clicked Start answers every copy of the form with the same attempt, in the same browser only."""

from __future__ import annotations

import re

from .conftest import LESSON_ID, csrf_token

_START_TOKEN = re.compile(r'name="start_token" type="hidden" value="([^"]+)"')


def _copy_cookies(source, target) -> None:
    for cookie in source._cookies.values():
        target.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)


def test_copies_of_a_start_sent_before_the_first_answer_all_get_the_same_attempt(app):
    browser = app.test_client()
    page = browser.get(f"/lessons/{LESSON_ID}").get_data(as_text=True)
    form = {
        "csrf_token": csrf_token(page),
        "start_token": _START_TOKEN.search(page).group(1),
        "student_name": "Ana",
        "class_code": "",
    }
    # The second click leaves with the cookie the browser had before the first answer came back.
    racing = app.test_client()
    _copy_cookies(browser, racing)
    first = browser.post(f"/lessons/{LESSON_ID}/start", data=form)
    second = racing.post(f"/lessons/{LESSON_ID}/start", data=form)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert racing.get(second.headers["Location"]).status_code == 200


def test_a_start_token_from_another_browser_is_still_refused(app):
    owner = app.test_client()
    page = owner.get(f"/lessons/{LESSON_ID}").get_data(as_text=True)
    token = _START_TOKEN.search(page).group(1)
    data = {"csrf_token": csrf_token(page), "start_token": token, "student_name": "Ana", "class_code": ""}
    assert owner.post(f"/lessons/{LESSON_ID}/start", data=data).status_code == 303
    other = app.test_client()
    other_page = other.get(f"/lessons/{LESSON_ID}").get_data(as_text=True)
    response = other.post(
        f"/lessons/{LESSON_ID}/start", data={**data, "csrf_token": csrf_token(other_page), "student_name": "Eve"}
    )
    assert response.status_code == 409 and "already used" in response.get_data(as_text=True)
