"""Serve a WSGI app on a free loopback port for tests that talk HTTP to it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from werkzeug.serving import make_server


@contextmanager
def serving(wsgi_app, threaded: bool = True) -> Iterator[str]:
    """Serve `wsgi_app` on 127.0.0.1 and a free port; yield its base URL, stop it after."""
    server = make_server("127.0.0.1", 0, wsgi_app, threaded=threaded)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
