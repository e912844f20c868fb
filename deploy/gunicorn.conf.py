"""Gunicorn settings for Career Center (`gunicorn -c deploy/gunicorn.conf.py`).

Every setting can be changed from the environment (the systemd EnvironmentFile, or the
benchmark), so this file is the same in every deployment.

Worker model: gthread (a few processes, each with a few threads). Processes give parallelism
across cores (Python threads share one GIL); threads keep idle keep-alive connections and
database round-trips from blocking a whole process. `bench/RESULTS.md` shows what it serves.
"""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "careercenter:create_app()"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# One process per core by default (threads cover waiting); raise it on bigger machines.
workers = _int("GUNICORN_WORKERS", os.cpu_count() or 1)
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = _int("GUNICORN_THREADS", 4)

timeout = _int("GUNICORN_TIMEOUT", 30)  # a worker silent this long is killed and replaced
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)  # finish requests on reload/stop
keepalive = _int("GUNICORN_KEEPALIVE", 5)  # nginx keeps upstream connections open
# Recycle workers now and then to bound memory growth; the jitter avoids all at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 500)
limit_request_line = 8190

# Only nginx on this host may set X-Forwarded-*; the app trusts them with TRUSTED_PROXIES=1.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Access log to stdout (journald); "" turns it off. %(M)s is the request time in ms.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
access_log_format = (
    '%(h)s %({x-forwarded-for}i)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
proc_name = "careercenter"
