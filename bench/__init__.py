"""Load benchmark: a volume database, the app under gunicorn, wrk from a second process."""
