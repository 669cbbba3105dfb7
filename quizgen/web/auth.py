"""Teacher accounts: passwords, Flask-Login sessions that sign-out really ends, and ``create-teacher``.

The signed session cookie holds the teacher's current *session token*
(``Teacher.session_token``), not the account id.  Signing out replaces the
token in the database, so a copy of the cookie taken before sign-out loads
nobody afterwards (Flask-Login's default cookie would keep working).  The
cost is one indexed query on the teacher pages, the only pages that look
at ``current_user``.

Passwords are hashed with werkzeug's scrypt.  Accounts are made on the
command line only::

    flask --app app create-teacher teacher@example.org            # asks for the password twice
    printf '%s\\n' "$PASSWORD" | flask --app app create-teacher teacher@example.org --password-stdin
    flask --app app create-teacher teacher@example.org --reset    # new password, signs out everywhere
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

import click
from flask import Flask, current_app, session
from flask.cli import with_appcontext
from flask_login import LoginManager, UserMixin, login_user, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

from ..labels import N_, gettext
from ..storage import (
    Teacher,
    create_teacher,
    end_teacher_sessions,
    find_teacher_by_email,
    find_teacher_by_session_token,
    set_teacher_password,
)
from .database import database, db_session
from .i18n import SESSION_KEY

PASSWORD_MIN = 10
PASSWORD_MAX = 200
EMAIL_MAX = 254
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+\Z")
# Compared against when the e-mail is unknown, so a wrong address costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a real password", method="scrypt")


@dataclass(frozen=True)
class SignedInTeacher(UserMixin):
    """The signed-in teacher as the request sees it (no database session attached)."""

    id: int
    public_id: str
    email: str
    session_token: str

    def get_id(self) -> str:
        """What Flask-Login keeps in the session cookie: the current session token."""
        return self.session_token


def init_app(app: Flask) -> LoginManager:
    """Set up Flask-Login for the teacher pages and add the ``create-teacher`` command."""
    manager = LoginManager()
    manager.login_view = "teachers.sign_in"
    manager.login_message = N_("Sign in to see your classes.")
    manager.localize_callback = gettext
    manager.login_message_category = "info"
    manager.session_protection = "basic"
    manager.user_loader(load_teacher)
    # current_user is given to the teacher templates only (teachers.py): adding it to every page would make
    # Flask-Login hash the client's address and user agent on every student page.
    manager.init_app(app, add_context_processor=False)
    app.cli.add_command(create_teacher_command)
    return manager


def load_teacher(token: str) -> SignedInTeacher | None:
    """The teacher whose session token the cookie holds, or None once that token was replaced."""
    teacher = find_teacher_by_session_token(db_session(), token)
    return None if teacher is None else _signed_in(teacher)


def _signed_in(teacher: Teacher) -> SignedInTeacher:
    return SignedInTeacher(teacher.id, teacher.public_id, teacher.email, teacher.session_token)


def hash_password(password: str) -> str:
    """The password's scrypt hash (salted; werkzeug's format)."""
    return generate_password_hash(password, method=current_app.config.get("PASSWORD_HASH_METHOD", "scrypt"))


def authenticate(email: str, password: str) -> Teacher | None:
    """The teacher if the e-mail and password match; None otherwise (same work either way)."""
    teacher = find_teacher_by_email(db_session(), email)
    if teacher is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return teacher if check_password_hash(teacher.password_hash, password) else None


def sign_in(teacher: Teacher) -> None:
    """Start a fresh session for the teacher: whatever the old session held (a fixed id, a token) is dropped."""
    language = session.get(SESSION_KEY)
    session.clear()
    if language:  # the interface language is a preference, not part of the old session
        session[SESSION_KEY] = language
    login_user(_signed_in(teacher))


def sign_out(teacher_id: int) -> None:
    """End the teacher's sessions everywhere and clear this browser's session."""
    end_teacher_sessions(db_session(), teacher_id)
    logout_user()
    language = session.get(SESSION_KEY)
    session.clear()
    if language:  # the interface language is a preference, not part of the old session
        session[SESSION_KEY] = language


def validate_email(email: str) -> str:
    """The address in lower case, or ValueError with a message."""
    email = email.strip().lower()
    if len(email) > EMAIL_MAX or not EMAIL_PATTERN.match(email):
        raise ValueError(f"'{email[:80]}' is not an e-mail address")
    return email


def validate_password(password: str) -> str:
    """The password unchanged, or ValueError saying why it is refused."""
    if len(password) < PASSWORD_MIN:
        raise ValueError(f"use at least {PASSWORD_MIN} characters")
    if len(password) > PASSWORD_MAX:
        raise ValueError(f"use at most {PASSWORD_MAX} characters")
    if password != password.strip():
        raise ValueError("the password starts or ends with a space (a copy-and-paste slip?)")
    return password


@click.command("create-teacher")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@click.option("--reset", is_flag=True, help="Set a new password for an existing teacher (signs them out everywhere).")
@with_appcontext
def create_teacher_command(email: str, password_stdin: bool, reset: bool) -> None:
    """Create a teacher account (there is no self-registration), or reset its password with --reset."""
    try:
        email = validate_email(email)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="EMAIL") from None
    with database().session() as db:
        existing = find_teacher_by_email(db, email)
        if existing is not None and not reset:
            raise click.ClickException(f"a teacher with e-mail {email} exists already (use --reset for a new password)")
        if existing is None and reset:
            raise click.ClickException(f"there is no teacher with e-mail {email}")
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        try:
            validate_password(password)
        except ValueError as error:
            raise click.ClickException(f"password not accepted: {error}") from None
        if existing is None:
            create_teacher(db, email, hash_password(password))
            click.echo(f"Teacher {email} created. They can sign in at /teacher/sign-in.")
        else:
            set_teacher_password(db, existing.id, hash_password(password))
            click.echo(f"New password set for {email}; their existing sessions have ended.")
