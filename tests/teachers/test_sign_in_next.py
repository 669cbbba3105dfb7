"""The page to return to after signing in (``next=``) never breaks the redirect."""

from __future__ import annotations

import pytest

from .conftest import PASSWORD, TeacherClient, csrf_token, make_teacher


@pytest.mark.parametrize("target", ["/teacher/\r\nSet-Cookie: x=1", "/teacher/\n", "/teacher/ a", "/teacher/\x00"])
def test_a_next_address_with_control_characters_signs_in_and_goes_to_the_dashboard(app, target):
    make_teacher(app, "t@example.org")
    browser = TeacherClient(app, "t@example.org").client
    page = browser.get("/teacher/sign-in", query_string={"next": target})
    assert page.status_code == 200
    response = browser.post(
        "/teacher/sign-in",
        query_string={"next": target},
        data={"csrf_token": csrf_token(page.get_data(as_text=True)), "email": "t@example.org", "password": PASSWORD},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/teacher/"
    assert "Set-Cookie: x" not in str(response.headers)
