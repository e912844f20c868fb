"""Server-side sign-in sessions: opened at sign-in, checked on every request, ended on the server.

The Flask session and the remember-me cookie carry `"<user id>:<token>"`; the table keeps a
digest of the token. Signing out deletes the row, so a copied cookie opens nothing afterwards.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta
from functools import cache

from flask import current_app, request
from flask_login import login_user, logout_user
from sqlalchemy import Select, bindparam, delete, or_, select, update

from ..actions import rowcount
from ..extensions import db
from ..tenancy import urls
from ..tenancy.clock import as_utc
from ..tenancy.models import utcnow
from ..tenancy.scoping import unscoped
from .models import User, UserSession

MAX_REMEMBER = timedelta(days=30)
# Last-seen is written at most this often, so most requests cost one SELECT and no write.
TOUCH_EVERY = timedelta(minutes=1)


def remember_duration() -> timedelta:
    """Return how long a remembered sign-in lasts: the configured time, 30 days at most."""
    return min(current_app.config["REMEMBER_COOKIE_DURATION"], MAX_REMEMBER)


def sign_in(user: User, remember: bool = False) -> UserSession:
    """Open a session for `user` on this device and sign them in with Flask-Login."""
    db.session.execute(delete(UserSession).where(UserSession.expires_at < utcnow()))
    token = secrets.token_urlsafe(32)
    now = utcnow()
    lifetime = remember_duration() if remember else current_app.config["SESSION_MAX_AGE"]
    row = UserSession(
        user_id=user.id,
        token_hash=_digest(token),
        remember=remember,
        created_at=now,
        last_seen_at=now,
        expires_at=now + lifetime,
        user_agent=describe_agent(request.user_agent.string),
        ip=request.remote_addr,
    )
    db.session.add(row)
    user.session_token = token
    login_user(user, remember=remember, duration=remember_duration() if remember else None)
    return row


@cache
def _session_statement() -> Select:
    """Build the session-and-user lookup once (building it cost more than running it).

    On a tenant page `urls.with_membership` adds the membership to it: one statement.
    """
    return (
        select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(
            UserSession.token_hash == bindparam("token_hash"),
            UserSession.user_id == bindparam("user_id"),
        )
    )


def load_user(identity: str) -> User | None:
    """Return the user of a live session named by `identity` (Flask-Login's user loader)."""
    user_id, _, token = identity.partition(":")
    if not user_id.isdigit() or not token:
        return None
    # Platform tables (and, on a tenant page, the institution and membership that load_tenant
    # resolves), on every request before any tenant is active: said outright, so the
    # fail-closed check need not walk the statement each time.
    slug = urls.tenant_slug()
    params = {"token_hash": _digest(token), "user_id": int(user_id)}
    statement = _session_statement()
    preload = None
    if slug is not None:
        preload = urls.preload_for_request()
        model = preload[0] if preload else None
        statement, params["slug"] = urls.with_membership(_session_statement, model), slug
        if preload:
            params["preload_id"] = preload[1]
    with unscoped():
        row = db.session.execute(statement, params).first()
    if row is None:
        return None
    record, user = row[0], row[1]
    now = utcnow()
    if not user.active or not is_live(record, now):
        _write(delete(UserSession).where(UserSession.id == record.id))
        return None
    if now - as_utc(record.last_seen_at) >= TOUCH_EVERY:
        _write(update(UserSession).where(UserSession.id == record.id).values(last_seen_at=now))
    user.session_token = token
    if slug is not None:
        urls.keep_resolved(slug, user.id, row[2:], preload)
    return user


def is_live(record: UserSession, now: datetime) -> bool:
    """Return whether a session is neither expired nor (without remember-me) idle too long."""
    if as_utc(record.expires_at) <= now:
        return False
    idle = current_app.config["SESSION_IDLE_TIMEOUT"]
    return record.remember or now - as_utc(record.last_seen_at) < idle


def change_password(user: User, current: str, new: str) -> bool:
    """Set a new password if `current` is right: sign out everywhere but on this device."""
    if not user.check_password(current):
        return False
    remember = db.session.execute(
        select(UserSession.remember).where(
            UserSession.token_hash == _digest(user.session_token or "")
        )
    ).scalar_one_or_none()
    user.set_password(new)  # ends every session, this one too
    sign_in(user, remember=bool(remember))
    return True


def is_this_device(record: UserSession, user: User) -> bool:
    """Return whether `record` is the session this request was made with."""
    if not user.session_token:
        return False
    return record.token_hash == _digest(user.session_token)


def live_sessions(user: User) -> list[UserSession]:
    """Return the person's live sessions, most recently seen first."""
    now = utcnow()
    idle_since = now - current_app.config["SESSION_IDLE_TIMEOUT"]
    return list(
        db.session.execute(
            select(UserSession)
            .where(
                UserSession.user_id == user.id,
                UserSession.expires_at > now,
                or_(UserSession.remember.is_(True), UserSession.last_seen_at > idle_since),
            )
            .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
        ).scalars()
    )


def sign_out(user: User) -> None:
    """End the session of this device and forget its cookies."""
    if user.session_token:
        db.session.execute(
            delete(UserSession).where(UserSession.token_hash == _digest(user.session_token))
        )
    logout_user()


def end_session(user: User, session_id: int) -> bool:
    """End one of the person's sessions (another device); return whether there was one."""
    stmt = delete(UserSession).where(UserSession.id == session_id, UserSession.user_id == user.id)
    return rowcount(db.session.execute(stmt)) > 0


def end_all_sessions(user: User) -> int:
    """End every session of the person, this one included; return how many there were."""
    ended = rowcount(db.session.execute(delete(UserSession).where(UserSession.user_id == user.id)))
    logout_user()
    return ended


_BROWSERS = [
    ("Edge", r"Edg(e|A|iOS)?/"),
    ("Opera", r"OPR/"),
    ("Firefox", r"Firefox/|FxiOS/"),
    ("Chrome", r"Chrome/|CriOS/|Chromium/"),
    ("Safari", r"Safari/"),
]
_SYSTEMS = [
    ("iOS", r"iPhone|iPad|iPod"),
    ("Android", r"Android"),
    ("ChromeOS", r"CrOS"),
    ("Windows", r"Windows"),
    ("macOS", r"Mac OS X|Macintosh"),
    ("Linux", r"Linux|X11"),
]


def describe_agent(agent: str) -> str:
    """Summarise a User-Agent header as "Browser on System" for the session list."""
    browser = next((name for name, pattern in _BROWSERS if re.search(pattern, agent)), None)
    system = next((name for name, pattern in _SYSTEMS if re.search(pattern, agent)), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "Unknown browser"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _write(statement) -> None:
    """Run bookkeeping in its own short transaction, apart from the request's unit of work.

    The user is loaded before any view runs (`auth.routes.load_signed_in_user`), so this
    never waits on a write of the same request.
    """
    with db.engine.begin() as connection:
        connection.execute(statement)
