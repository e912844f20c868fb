"""The `<slug:…>` URL converter: institution slugs never look like files (favicon.ico)."""

from werkzeug.routing import BaseConverter


class SlugConverter(BaseConverter):
    regex = r"[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?"
