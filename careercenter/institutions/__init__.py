"""Institution settings: saved only from an up-to-date page; a brand colour white text reads on.

The settings page itself lives with the other admin pages (`members/settings_routes.py`);
readiness saves its weights through the same service.
"""
