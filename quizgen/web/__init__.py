"""The quizgen web app: ``create_app()`` builds it; blueprints are grouped by audience (students, teachers)."""

from __future__ import annotations

import gc
from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from ..labels import plural_count
from ..settings import PACKAGE_DIR, Settings
from . import auth, database, errors, exports, i18n, join, lessons, limits, roster, security, students, teachers
from .config import FIXED_SETTINGS, SETTINGS_KEY, flask_config, instance_secret_key, split_config
from .results import format_points
from .widgets import question_fieldsets


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create the app from its validated settings: environment variables, then ``config`` on top (tests pass their own).

    ``config`` holds Flask configuration; the keys of
    :data:`~quizgen.web.config.CONFIG_FIELDS` (``INSTANCE_PATH``,
    ``LESSONS_DIR``, ``DATABASE_URL``...) override the matching settings and
    are validated with them.  A bad value raises
    :class:`~quizgen.settings.SettingsError` naming the setting.
    """
    overrides, extra_config = split_config(config or {})
    settings = Settings.from_environment(overrides=overrides)
    settings.check_lessons_dir()
    instance_path = settings.make_instance_path()
    app = Flask(
        __name__,
        instance_path=str(instance_path),
        template_folder=str(PACKAGE_DIR / "templates"),
        static_folder=str(PACKAGE_DIR / "static"),
        static_url_path="/static",
    )
    app.extensions[SETTINGS_KEY] = settings
    app.config.update(FIXED_SETTINGS)
    app.config.update(flask_config(settings))
    app.config.update(extra_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(instance_path)

    if app.config.get("TRUSTED_PROXIES"):
        hops = app.config["TRUSTED_PROXIES"]
        # Flask's documented way to wrap the WSGI app; the checker sees a method being replaced.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    lessons.init_app(app)
    database.init_app(app)
    auth.init_app(app)
    app.register_blueprint(students.bp)
    app.register_blueprint(join.bp)
    app.register_blueprint(roster.bp)
    app.register_blueprint(teachers.bp)
    app.register_blueprint(exports.bp)
    limits.init_app(app)  # wraps views by endpoint name, so after the blueprints
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.add_template_filter(format_points, "points")
    app.add_template_filter(plural_count, "plural_count")
    app.add_template_global(question_fieldsets)
    return app


def prepare_to_serve(app: Flask) -> None:
    """Load the lessons now, then tell the garbage collector that what start-up built lives as long as the process.

    A server process keeps a couple of hundred thousand objects for its
    whole life (lessons and their banks, models, routes).  A page that
    builds tens of thousands of rows (a class's results) would otherwise set
    off full collections that scan every one of them again: a quarter of
    that page's time, at random.  Called by ``app.py`` (gunicorn, ``flask
    run``), not by :func:`create_app`, which tests call hundreds of times.
    """
    with app.app_context():
        app.extensions["quizgen.library"].entries()
    gc.collect()
    gc.freeze()
