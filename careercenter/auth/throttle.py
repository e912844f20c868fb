"""Failed sign-ins: slow an attacked account down (never lock it) and tell its owner.

The hard limits live on the login route (`routes.py`): per account-and-address pair, and a
high per-address cap. Here, failures of one account from any address are counted in the
limiter's storage (Redis in production, shared by the workers): past `LOGIN_SLOWDOWN_AFTER`
every attempt on that account, right password or wrong, waits a little longer, up to
`LOGIN_SLOWDOWN_MAX_SECONDS`; at `LOGIN_ALERT_AFTER` the owner gets one mail per window.
"""

from __future__ import annotations

import time

from flask import current_app, request
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, RateLimitItemPerSecond

from ..extensions import limiter
from ..links import external_url
from ..mail import send_mail
from .models import User

_COUNTER = 10**9  # a window "limit" never reached: the item is only a counter


def typed_email() -> str:
    """Return the email of the sign-in form as the counters key it."""
    return (request.form.get("email") or "").strip().lower()[:254]


def pair_key() -> str:
    """Key the tight sign-in limit by account and address, so no one can lock out another."""
    return f"login-pair:{typed_email()}|{get_remote_address()}"


def recent_failures(email: str) -> int:
    """Return how many sign-ins with `email` failed in the current window."""
    if not limiter.enabled:
        return 0
    stats = limiter.limiter.get_window_stats(_window(_COUNTER), *_key("failures", email))
    return _COUNTER - stats.remaining


def slow_down(email: str) -> float:
    """Wait before checking a password of an account that keeps failing; return the wait."""
    config = current_app.config
    excess = recent_failures(email) - config["LOGIN_SLOWDOWN_AFTER"]
    if excess < 0:
        return 0.0
    delay = min(float(config["LOGIN_SLOWDOWN_MAX_SECONDS"]), 0.25 * 2**excess)
    pause(delay)
    return delay


def pause(seconds: float) -> None:
    """Sleep (tests replace this)."""
    time.sleep(seconds)


def count_failure(email: str) -> bool:
    """Count a failed sign-in; return True once per window when the owner should be told."""
    if not limiter.enabled:
        return False
    limiter.limiter.hit(_window(_COUNTER), *_key("failures", email))
    if recent_failures(email) < current_app.config["LOGIN_ALERT_AFTER"]:
        return False
    return limiter.limiter.hit(_window(1), *_key("alerted", email))


def send_failure_alert(user: User) -> None:
    """Tell the owner of an account that many sign-ins to it failed (after the commit)."""
    minutes = int(current_app.config["LOGIN_FAILURE_WINDOW"].total_seconds() // 60)
    send_mail(
        user.email,
        "Failed sign-ins to your Career Center account",
        f"Hello {user.name},\n\nIn the last {minutes} minutes, someone tried "
        f"{recent_failures(user.email.lower())} times to sign in to your Career Center "
        "account with a wrong password. Your account is not locked: sign-ins only slow "
        "down for a while, and you can still sign in with your password.\n\n"
        "If this was you, there is nothing to do. If it was not, your password kept them "
        "out; if you use it anywhere else too, choose a new one here:\n"
        f"{external_url('accounts.forgot_password')}\n",
    )


def _window(amount: int) -> RateLimitItem:
    seconds = int(current_app.config["LOGIN_FAILURE_WINDOW"].total_seconds())
    return RateLimitItemPerSecond(amount, seconds)


def _key(kind: str, email: str) -> tuple[str, ...]:
    return (current_app.config.get("RATELIMIT_KEY_PREFIX") or "cc", f"login-{kind}", email)
