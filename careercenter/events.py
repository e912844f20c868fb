"""Things that happen to blueprints and reviews, announced for whoever wants to hear.

A registry like `nav` and `stages`: the capability where something happens sends the signal
(inside the request's transaction, before the commit), and a capability on a higher floor
(notifications) subscribes without the sender knowing it exists. Receivers add rows to the
same session and queue slow work with `jobs.enqueue_after_commit`, so nothing leaves before
the change commits and a rolled-back change announces nothing.

Every signal is sent with `sender=None` and keyword arguments of plain ids (no ORM objects,
so a receiver loads what it needs in the current tenant scope; the plan's owner and its
cohorts' advisors are found from `plan_id`):

- `blueprint_submitted`: plan_id, revision_id, by_user_id
- `review_claimed`: plan_id, review_id, by_user_id, taken_from_user_id (None unless a takeover)
- `review_published`: plan_id, review_id, decision ("approved" or "changes_requested"), by_user_id
- `review_overdue`: plan_id, revision_id (sent once per revision whose wait passed the target)
- `comment_replied`: plan_id, comment_id, reply_id, by_user_id, to_user_ids (the others in
  the thread: whoever wrote the comment or replied before, never the replier)
"""

from __future__ import annotations

from blinker import Namespace

_events = Namespace()

blueprint_submitted = _events.signal("blueprint-submitted")
review_claimed = _events.signal("review-claimed")
review_published = _events.signal("review-published")
review_overdue = _events.signal("review-overdue")
comment_replied = _events.signal("comment-replied")
