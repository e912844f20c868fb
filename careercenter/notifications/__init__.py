"""Notifications: what happened to a blueprint, told to the people it concerns.

`receivers.py` turns the signals of `events.py` into rows (and mail) inside the sender's
transaction; the header's unread count is read with the signed-in member (`unread.py`).
"""
