"""The quizgen web app: ``create_app()`` builds it; blueprints are grouped by audience (students, teachers)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import auth, database, errors, lessons, limits, security, students, teachers
from .config import FIXED_SETTINGS, PROJECT_ROOT, instance_secret_key, settings_from_environment
from .results import format_points
from .widgets import question_fieldsets


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create the app from environment variables, then ``config`` on top (tests pass their own).

    ``config`` may also hold ``INSTANCE_PATH``, the folder for the default
    SQLite database and the generated secret key (default: ``instance/``).
    """
    overrides = dict(config or {})
    instance_path = Path(overrides.pop("INSTANCE_PATH", PROJECT_ROOT / "instance")).resolve()
    app = Flask(__name__, instance_path=str(instance_path), template_folder=str(PROJECT_ROOT / "templates"),
                static_folder=str(PROJECT_ROOT / "static"), static_url_path="/static")
    instance_path.mkdir(parents=True, exist_ok=True)
    app.config.update(FIXED_SETTINGS)
    app.config.update(settings_from_environment(instance_path))
    app.config.update(overrides)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(instance_path)

    if app.config.get("TRUSTED_PROXIES"):
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    security.init_app(app)
    errors.init_app(app)
    lessons.init_app(app)
    database.init_app(app)
    auth.init_app(app)
    app.register_blueprint(students.bp)
    app.register_blueprint(teachers.bp)
    limits.init_app(app)  # wraps views by endpoint name, so after the blueprints
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.add_template_filter(format_points, "points")
    app.add_template_global(question_fieldsets)
    return app
