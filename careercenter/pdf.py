"""Render HTML to PDF with xhtml2pdf, sandboxed to ``careercenter/static/``.

This is the only module of the app that calls xhtml2pdf. The HTML it is given
comes from Jinja templates that autoescape user text, but it is still treated
as untrusted: a document may load nothing but files below ``static/``.

Two independent gates enforce that:

* ``_link_callback`` rewrites every URI the document names. ``/static/<path>``
  (or ``static:<path>``) becomes the resolved file below ``STATIC_ROOT``;
  anything else -- ``file:``, ``http(s):``, ``data:``, bare paths, ``..``
  escapes, symlinks out -- becomes ``STATIC_ROOT`` itself, a directory, which
  xhtml2pdf treats as "not found" without reading anything. (Returning ``None``
  would not refuse: xhtml2pdf then falls back to the original URI.)
* xhtml2pdf's own ``ResourceAccessPolicy`` covers the few call sites that do
  not consult the callback: remote fetches are off and local reads are
  confined to ``STATIC_ROOT``.

Fonts: DejaVu Sans (regular + bold, vendored in ``static/fonts/`` with its
license) is registered with ReportLab once per process, lazily and under a
lock, and added to xhtml2pdf's built-in family table, so no ``@font-face`` is
read and hashed on every render. ``FONT_CSS`` is appended to xhtml2pdf's
default (user-agent) stylesheet, making DejaVu Sans the default for every
document; templates may also include it, or name ``FONT_FAMILY`` themselves.

Work: xhtml2pdf lays a paragraph out in time that grows with the square of its
text fragments. html5lib's DOM builder, which xhtml2pdf parses with, makes a
text node of its own for every character reference (``&amp;``, ``&#39;``: the
autoescaped ``&``, ``'``, ``"``, ``<``, ``>`` of user text), and each node
becomes a fragment: a capped blueprint full of ampersands took 1.5 s instead of
0.2 s. ``_merge_text_nodes`` makes the builder append such text to the text
node before it, as the DOM's ``normalize()`` would, once per process. (A
non-breaking space is a fragment of its own in xhtml2pdf as well: callers
replace those in user text, see ``plans.content.plain_spaces``.)
"""

from __future__ import annotations

import io
import posixpath
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.dom import Node

from html5lib import treebuilders
from pypdf import PdfReader
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from xhtml2pdf import default as pisa_default
from xhtml2pdf import pisa
from xhtml2pdf.config.resources import ResourceAccessPolicy

__all__ = [
    "FONT_CSS",
    "FONT_FAMILY",
    "STATIC_ROOT",
    "PdfRenderError",
    "count_pages",
    "render_pdf",
    "resolve_static",
]

STATIC_ROOT = Path(__file__).resolve().parent / "static"
FONT_FAMILY = "DejaVu Sans"
# Fixed at import, not read from STATIC_ROOT: fonts are the app's own files.
_FONTS_DIR = STATIC_ROOT / "fonts"
_FONT_FILES = {"DejaVuSans": "DejaVuSans.ttf", "DejaVuSans-Bold": "DejaVuSans-Bold.ttf"}
FONT_CSS = f'html, body {{ font-family: "{FONT_FAMILY}"; }}\n'
_DEFAULT_CSS = pisa_default.DEFAULT_CSS + FONT_CSS

_fonts_lock = threading.Lock()
_fonts_ready = threading.Event()


class PdfRenderError(RuntimeError):
    """The HTML could not be rendered to a PDF."""


def _register_fonts() -> None:
    """Register the bundled fonts with ReportLab and xhtml2pdf (and merge text nodes), once."""
    if _fonts_ready.is_set():
        return
    with _fonts_lock:
        if _fonts_ready.is_set():
            return
        for face, filename in _FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(face, str(_FONTS_DIR / filename)))
        for bold in (False, True):
            for italic in (False, True):  # no oblique face shipped: italic is upright
                addMapping("DejaVuSans", bold, italic, "DejaVuSans-Bold" if bold else "DejaVuSans")
        # xhtml2pdf copies this table into every document's context; adding
        # keys (never changing existing ones) makes the family known by name.
        for alias in (FONT_FAMILY.lower(), "dejavusans", "dejavu-sans"):
            pisa_default.DEFAULT_FONT[alias] = "DejaVuSans"
        _merge_text_nodes()
        _fonts_ready.set()


def _merge_text_nodes() -> None:
    """Make html5lib's DOM builder extend the previous text node instead of adding one."""
    builder = treebuilders.getTreeBuilder("dom")(namespaceHTMLElements=True)
    node_builder = type(builder.elementClass("p"))  # defined inside html5lib: reach it so
    if getattr(node_builder.insertText, "_merges", False):
        return
    separate = node_builder.insertText

    def insert_text(self, data, insertBefore=None):
        last = self.element.lastChild
        if insertBefore is None and last is not None and last.nodeType == Node.TEXT_NODE:
            last.appendData(data)
        else:
            separate(self, data, insertBefore)

    insert_text._merges = True  # type: ignore[attr-defined]  # marks html5lib as patched
    node_builder.insertText = insert_text


def resolve_static(uri: str, root: Path | None = None) -> Path | None:
    """Return the file below the static root that ``uri`` names, or None if refused."""
    root = (root or STATIC_ROOT).resolve()
    if not isinstance(uri, str):
        return None
    if uri.startswith("static:"):
        rel = uri[len("static:") :]
    else:
        parts = urlsplit(uri)
        if parts.scheme or parts.netloc or not parts.path.startswith("/static/"):
            return None
        rel = parts.path[len("/static/") :]
    rel = unquote(rel.split("?", 1)[0].split("#", 1)[0])
    if "\\" in rel or "\x00" in rel:
        return None
    # Lexical check first, so that a ``..`` escape is refused without even a
    # stat() outside the root; resolve() then catches symlinks pointing out.
    norm = posixpath.normpath("/" + rel.lstrip("/"))
    if norm == "/" or norm.startswith("/.."):
        return None
    candidate = root / norm.lstrip("/")
    try:
        resolved = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not resolved.is_relative_to(root) or not resolved.is_file():
        return None
    return resolved


def _link_callback(uri: str, _rel: str | None) -> str:
    """Map a document URI to a static file, or to the static root (read as nothing)."""
    root = STATIC_ROOT.resolve()
    path = resolve_static(uri, root)
    return str(path if path is not None else root)


def _policy(max_seconds: float | None = None) -> ResourceAccessPolicy:
    """Return the xhtml2pdf policy: no network, local reads only below the static root."""
    extra = {} if max_seconds is None else {"max_render_seconds": max_seconds}
    return ResourceAccessPolicy.server(
        base_dir=STATIC_ROOT.resolve(),
        allow_remote=False,
        allowed_hosts=frozenset(),
        allow_remote_pdf_backgrounds=False,
        **extra,
    )


def render_pdf(html: str, max_seconds: float | None = None) -> bytes:
    """Render an HTML string to PDF bytes; raise PdfRenderError on failure.

    A render may take xhtml2pdf's server default (60 s) unless `max_seconds` says otherwise:
    a background export of thousands of rows, outside any request, is given longer.
    """
    _register_fonts()
    out = io.BytesIO()
    try:
        result = pisa.CreatePDF(
            html,
            dest=out,
            encoding="utf-8",
            default_css=_DEFAULT_CSS,
            link_callback=_link_callback,
            resource_policy=_policy(max_seconds),
            # Keep the document in memory: past 100 KB (a capped plan of escaped characters)
            # xhtml2pdf spills it to a temporary file that it leaves open until collected.
            capacity=-1,
        )
    except Exception as exc:
        raise PdfRenderError(f"xhtml2pdf failed: {exc}") from exc
    if result.err:
        errors = [e[2] for e in result.log if e[0] == pisa_default.PML_ERROR]
        messages = "; ".join(str(msg) for msg in errors[:5])
        raise PdfRenderError(f"xhtml2pdf reported {result.err} error(s): {messages}")
    return out.getvalue()


def count_pages(pdf: bytes) -> int:
    """Return the number of pages in a PDF."""
    return len(PdfReader(io.BytesIO(pdf)).pages)
