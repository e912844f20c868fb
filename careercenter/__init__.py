"""Career Center: a multi-tenant platform for university career centers."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from .light import LightFlask

PACKAGE_DIR = Path(__file__).resolve().parent


def _resource_dir(name: str) -> str:
    """Return the repo's top-level `name/` folder, or the copy shipped inside the wheel."""
    in_repo = PACKAGE_DIR.parent / name
    return str(in_repo if in_repo.is_dir() else PACKAGE_DIR / name)


def create_app(config=None) -> Flask:
    """Build the app: config, extensions, tenancy, blueprints, registrations, error pages, CLI."""
    app = LightFlask(
        __name__,
        template_folder=_resource_dir("templates"),
        static_folder=str(PACKAGE_DIR / "static"),
        instance_relative_config=True,
    )
    from .config import load_config
    from .tenancy.converters import IdConverter, SlugConverter

    load_config(app, config)
    app.url_map.converters["slug"] = SlugConverter
    app.url_map.converters["int"] = IdConverter  # before any route is added
    _init_extensions(app)
    _register_blueprints(app)
    _load_registrations()
    _register_cli(app)
    _trust_proxies(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Read client address and scheme from `TRUSTED_PROXIES` hops of X-Forwarded-* headers."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Flask documents this wrapping; its typing declares wsgi_app a method.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops
        )


def _init_extensions(app: Flask) -> None:
    from . import csrf_tokens, errors, json_input, security, templating
    from .extensions import csrf, db, limiter, login_manager, migrate
    from .tenancy import urls

    db.init_app(app)
    _configure_engine(app)
    migrate.init_app(app, db, directory=_resource_dir("migrations"), render_as_batch=True)
    csrf.init_app(app)
    csrf_tokens.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(_load_user)
    urls.init_app(app)
    json_input.init_app(app)  # after tenancy: outsiders learn nothing from a 400
    security.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    _import_models()


def _import_models() -> None:
    """Import every model module so that metadata (and `flask db check`) sees all tables."""
    from .audit import models as _audit  # noqa: F401
    from .auth import models as _auth  # noqa: F401
    from .checklists import models as _checklists  # noqa: F401
    from .cohorts import models as _cohorts  # noqa: F401
    from .notifications import models as _notifications  # noqa: F401
    from .outcomes import models as _outcomes  # noqa: F401
    from .plans import models as _plans  # noqa: F401  (also registers the blueprint stage)
    from .practices import models as _practices  # noqa: F401
    from .reports import models as _reports  # noqa: F401
    from .reviews import models as _reviews  # noqa: F401
    from .sso import models as _sso  # noqa: F401
    from .tenancy import models as _tenancy  # noqa: F401


def _load_user(identity: str):
    from .auth.sessions import load_user

    return load_user(identity)


def _configure_engine(app: Flask) -> None:
    """Ping pooled connections that sat idle (`dbpool`), begin PostgreSQL transactions at
    their first write (`dbtransactions`) and describe results only when asked (`pgcursor`);
    make SQLite fit a web server: WAL, a busy timeout, foreign keys enforced."""
    from sqlalchemy import event

    from .dbpool import ping_idle_connections
    from .dbtransactions import begin_at_first_write
    from .extensions import db

    with app.app_context():
        engine = db.engine
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        ping_idle_connections(app, engine)
        if app.config["SQLALCHEMY_ENGINE_OPTIONS"].get("isolation_level") == "AUTOCOMMIT":
            begin_at_first_write(engine)
        if engine.dialect.driver == "psycopg":
            event.listen(engine, "connect", _describe_lazily)
        return

    @event.listens_for(engine, "connect")
    def set_pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def _describe_lazily(dbapi_connection, _record) -> None:
    from .pgcursor import LazyDescriptionCursor

    dbapi_connection.cursor_factory = LazyDescriptionCursor


def _register_blueprints(app: Flask) -> None:
    from . import health
    from .auth import account_routes, session_routes
    from .auth import routes as auth_routes
    from .checklists import routes as checklist_routes
    from .cohorts import routes as cohort_routes
    from .home import routes as home_routes
    from .members import audit_routes as member_audit_routes
    from .members import routes as member_routes
    from .members import settings_routes as member_settings_routes
    from .notifications import routes as notification_routes
    from .outcomes import routes as outcome_routes
    from .plans import routes as plan_routes
    from .practices import routes as practice_routes
    from .readiness import routes as readiness_routes
    from .records import routes as record_routes
    from .reports import export_routes as _report_exports  # noqa: F401  (adds to reports.bp)
    from .reports import routes as report_routes
    from .reports import settings_routes as _report_settings  # noqa: F401  (adds to reports.bp)
    from .reviews import routes as review_routes
    from .reviews import settings_routes as review_settings_routes
    from .sso import routes as sso_routes
    from .sso import settings_routes as sso_settings_routes

    app.register_blueprint(health.bp)
    app.register_blueprint(auth_routes.bp)
    app.register_blueprint(account_routes.bp)
    app.register_blueprint(session_routes.bp)
    # Single sign-on takes `<slug>` but runs outside the tenant (sign-in comes first).
    app.register_blueprint(sso_routes.bp)
    # Tenant blueprints: everything under /<slug>/ is resolved and scoped by tenancy.urls.
    tenant_blueprints = [
        home_routes.bp,
        member_routes.bp,
        member_settings_routes.bp,
        member_audit_routes.bp,
        plan_routes.bp,
        cohort_routes.bp,
        readiness_routes.bp,
        report_routes.bp,
        checklist_routes.bp,
        practice_routes.bp,
        outcome_routes.bp,
        record_routes.bp,
        sso_settings_routes.bp,
        notification_routes.bp,
        review_routes.bp,
        review_settings_routes.bp,
    ]
    for bp in tenant_blueprints:
        app.register_blueprint(bp, url_prefix="/<slug:slug>" + (bp.url_prefix or ""))


def _load_registrations() -> None:
    """Import the modules that register each capability's audit labels and demo steps.

    Navigation and cohort-page panels register where the routes live, imported above.
    """
    from .audit import records as _audit_records  # noqa: F401
    from .auth import audit as _auth_audit  # noqa: F401
    from .auth import demo as _auth_demo  # noqa: F401
    from .auth import records as _auth_records  # noqa: F401
    from .checklists import audit as _checklists_audit  # noqa: F401
    from .checklists import demo as _checklists_demo  # noqa: F401
    from .checklists import records as _checklists_records  # noqa: F401
    from .cohorts import audit as _cohorts_audit  # noqa: F401
    from .cohorts import demo as _cohorts_demo  # noqa: F401
    from .cohorts import records as _cohorts_records  # noqa: F401
    from .institutions import audit as _institutions_audit  # noqa: F401
    from .members import audit as _members_audit  # noqa: F401
    from .members import demo as _members_demo  # noqa: F401
    from .notifications import demo as _notifications_demo  # noqa: F401
    from .notifications import receivers as _notifications_receivers  # noqa: F401
    from .notifications import records as _notifications_records  # noqa: F401
    from .outcomes import audit as _outcomes_audit  # noqa: F401
    from .outcomes import demo as _outcomes_demo  # noqa: F401
    from .outcomes import records as _outcomes_records  # noqa: F401
    from .plans import audit as _plans_audit  # noqa: F401
    from .plans import demo as _plans_demo  # noqa: F401
    from .plans import records as _plans_records  # noqa: F401
    from .practices import audit as _practices_audit  # noqa: F401
    from .readiness import audit as _readiness_audit  # noqa: F401
    from .records import audit as _records_audit  # noqa: F401
    from .reports import audit as _reports_audit  # noqa: F401
    from .reports import demo as _reports_demo  # noqa: F401
    from .reports import records as _reports_records  # noqa: F401
    from .reviews import audit as _reviews_audit  # noqa: F401
    from .reviews import demo as _reviews_demo  # noqa: F401
    from .reviews import records as _reviews_records  # noqa: F401
    from .sso import audit as _sso_audit  # noqa: F401
    from .sso import demo as _sso_demo  # noqa: F401
    from .sso import records as _sso_records  # noqa: F401


def _register_cli(app: Flask) -> None:
    from .demo import demo_cli
    from .jobs import jobs_cli
    from .notifications.digest import notifications_cli
    from .platform.cli import institutions_cli
    from .practices.sync import practices_cli
    from .reports.background import reports_cli
    from .reviews.reminders import reviews_cli
    from .sso.refresh import sso_cli

    app.cli.add_command(institutions_cli)
    app.cli.add_command(practices_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(sso_cli)
    app.cli.add_command(notifications_cli)
    app.cli.add_command(reviews_cli)
    app.cli.add_command(reports_cli)
