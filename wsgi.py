"""WSGI entry point: `gunicorn wsgi:app`."""

from careercenter import create_app

app = create_app()
