"""`/<slug>/notifications`: the signed-in member's notifications and their choices."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from ..actions import apply_change
from ..formcheck import form_accepted
from ..security import safe_next
from ..tenancy import get_or_404
from . import services, unread  # noqa: F401  (unread: the header count is read from here on)
from .forms import ActionForm, MarkAllForm, choices_form
from .models import Delivery, Kind, Notification

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


def _page() -> int:
    page = request.args.get("page", 1, type=int) or 1
    return min(max(page, 1), 10_000)


@bp.get("")
def index():
    """List my notifications, newest first, a page at a time."""
    page = _page()
    notifications, more = services.page_of(g.membership, page)
    return render_template(
        "notifications/index.html",
        notifications=notifications,
        page=page,
        more=more,
        newest_id=notifications[0].id if notifications and page == 1 else None,
        action_form=ActionForm(),
        mark_all_form=MarkAllForm(),
        unread=g.get("unread_notifications") or 0,
    )


def _own(notification_id: int) -> Notification:
    """Return the signed-in member's notification; anyone else's is a 404."""
    notification = get_or_404(Notification, notification_id)
    if notification.recipient_id != g.membership.id:
        abort(404)
    return notification


@bp.post("/<int:notification_id>/open")
def open_one(notification_id: int):
    """Mark a notification read and go to what it is about."""
    notification = _own(notification_id)
    if form_accepted(ActionForm()) and apply_change(lambda: services.mark_read(notification)):
        return redirect(safe_next(notification.link, url_for(".index")))
    return redirect(url_for(".index"))


@bp.post("/<int:notification_id>/read")
def mark_read(notification_id: int):
    """Mark one notification read and stay on the list."""
    notification = _own(notification_id)
    if form_accepted(ActionForm()) and apply_change(lambda: services.mark_read(notification)):
        flash("Marked as read.", "success")
    page = _page()
    return redirect(url_for(".index", page=page if page > 1 else None))


@bp.post("/read")
def mark_all_read():
    """Mark read every notification the page showed."""
    form = MarkAllForm()
    if form_accepted(form) and apply_change(
        lambda: services.mark_all_read(g.membership, form.up_to.data or 0)
    ):
        flash("All notifications marked as read.", "success")
    return redirect(url_for(".index"))


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    """Choose, for each kind, email and in the app, in the app only, or a daily digest."""
    current = services.choices_of(g.membership)
    kinds = list(current)
    form = choices_form(kinds, current)
    if request.method == "GET":
        form.version.data = services.choices_fingerprint(current)
    if form_accepted(form, inline=True):
        wanted = {kind: Delivery(form[kind.value].data) for kind in kinds}
        saved = apply_change(
            lambda: services.save_choices(g.membership, wanted, form.version.data),
            stale_message=services.STALE_SETTINGS,
        )
        if saved:
            flash("Notification choices saved." if saved.value else "Nothing changed.", "success")
            return redirect(url_for(".settings"))
        fresh = services.choices_of(g.membership)
        form = choices_form(kinds, fresh, formdata=None)
        form.version.data = services.choices_fingerprint(fresh)
        return render_template("notifications/settings.html", form=form, Kind=Kind), 409
    return render_template("notifications/settings.html", form=form, Kind=Kind)
