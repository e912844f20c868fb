"""Unit tests for careercenter.pdf: fonts, the resource sandbox, page counting."""

from __future__ import annotations

import io
import socket
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from careercenter import pdf as pdfmod
from careercenter.pdf import (
    FONT_CSS,
    FONT_FAMILY,
    STATIC_ROOT,
    PdfRenderError,
    count_pages,
    render_pdf,
    resolve_static,
)

NAMES = ["Łucja Wiśniewska", "Nguyễn Thị Minh", "Zoë O'Brien-Søndergaard"]

# --- spy: every file open and every network step, seen through audit hooks ---
# An audit hook cannot be removed, so one is installed for the module and only
# records while a test has set _recorded to a list.
_recorded: list[tuple[str, object]] | None = None
_WATCHED = {
    "open",
    "socket.connect",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "http.client.connect",
    "urllib.Request",
}


def _audit(event: str, args: tuple) -> None:
    if _recorded is not None and event in _WATCHED:
        _recorded.append((event, args[0] if args else None))


sys.addaudithook(_audit)


def _spy_render(html: str) -> tuple[bytes, list[tuple[str, object]]]:
    """Render html and return the PDF with every open/network event it caused."""
    global _recorded
    _recorded = []
    try:
        data = render_pdf(html)
    finally:
        events, _recorded = _recorded, None
    return data, events


def _opened_paths(events: list[tuple[str, object]]) -> list[Path]:
    return [Path(str(arg)).resolve() for ev, arg in events if ev == "open" and arg is not None]


def _is_own_temp(path: Path) -> bool:
    """xhtml2pdf's per-render scratch directory, which holds only what it was handed."""
    tmp = Path(tempfile.gettempdir()).resolve()
    return path.is_relative_to(tmp) and path.relative_to(tmp).parts[0].startswith("xhtml2pdf-")


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _images(data: bytes) -> int:
    count = 0
    for page in PdfReader(io.BytesIO(data)).pages:
        xobjects = page["/Resources"].get("/XObject")
        count += len(xobjects.get_object()) if xobjects is not None else 0
    return count


def _page(body: str, head: str = "") -> str:
    return f'<html><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'


@pytest.fixture
def listener():
    """A TCP server on an ephemeral loopback port that never accepts on its own."""
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    try:
        yield srv
    finally:
        srv.close()


def _connections(srv: socket.socket) -> int:
    """Count connections the kernel queued on srv (completed handshakes)."""
    srv.setblocking(False)
    count = 0
    while True:
        try:
            conn, _ = srv.accept()
        except BlockingIOError:
            return count
        conn.close()
        count += 1


@pytest.fixture
def tiny_static(tmp_path, monkeypatch):
    """A static root holding img/dot.png, a symlink out of it, and a secret beside it."""
    root = tmp_path / "static"
    (root / "img").mkdir(parents=True)
    Image.new("RGB", (4, 4), (200, 30, 30)).save(root / "img" / "dot.png")
    secret = tmp_path / "secret.png"
    Image.new("RGB", (4, 4), (0, 0, 0)).save(secret)
    (root / "img" / "link.png").symlink_to(secret)
    monkeypatch.setattr(pdfmod, "STATIC_ROOT", root)
    return root


# --- fonts and text ------------------------------------------------------------


@pytest.mark.parametrize("head", ["", f"<style>{FONT_CSS}</style>"], ids=["default", "font_css"])
def test_international_names_round_trip(head):
    rows = "".join(
        f"<tr><td>{n}</td><td><b>Employer:</b> Müller &amp; Søn ApS</td></tr>" for n in NAMES
    )
    data = render_pdf(_page(f"<h1>Applicants</h1><table>{rows}</table>", head))
    lines = _text(data).splitlines()
    for name in NAMES:
        assert any(line.startswith(name) for line in lines), (name, lines)
    assert "Müller & Søn ApS" in _text(data)
    fonts = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for ref in page["/Resources"]["/Font"].values():
            fonts.add(str(ref.get_object()["/BaseFont"]).split("+")[-1])
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= fonts


def test_font_family_name_is_usable_in_author_css():
    html = _page(f"<p style=\"font-family: '{FONT_FAMILY}'\">{NAMES[1]}</p>")
    assert NAMES[1] in _text(render_pdf(html))


def test_escaped_user_text_shows_literally():
    escaped = "&lt;img src=&quot;file:///etc/passwd&quot;&gt; &amp; &lt;b&gt;bold?&lt;/b&gt;"
    data, events = _spy_render(_page(f"<p>Motivation: {escaped}</p>"))
    assert '<img src="file:///etc/passwd"> & <b>bold?</b>' in _text(data)
    assert Path("/etc/passwd").resolve() not in _opened_paths(events)


# --- sandbox -------------------------------------------------------------------


def _hostile(port: int) -> str:
    url = f"http://127.0.0.1:{port}"
    head = (
        "<style>@import url(file:///etc/passwd);</style>"
        f"<style>@import url({url}/imported.css);</style>"
        "<style>@import url(/static/../../../../etc/passwd);</style>"
        f"<style>body {{ background-image: url({url}/body.png); }}"
        f"@page {{ background-image: url({url}/page.png); }}"
        "@font-face { font-family: Evil; src: url(/etc/passwd); }</style>"
        '<link rel="stylesheet" href="https://evil.example/x.css">'
        f'<link rel="stylesheet" href="{url}/linked.css">'
        '<link rel="stylesheet" href="file:///etc/passwd">'
    )
    body = (
        '<img src="file:///etc/passwd"><img src="/etc/passwd">'
        '<img src="/static/../../../../etc/passwd"><img src="static:../../../../etc/passwd">'
        '<img src="/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd"><img src="../../etc/passwd">'
        f'<img src="{url}/x.png"><img src="https://evil.example/x.png">'
        '<img src="data:image/png;base64,iVBORw0KGgo=">'
        f'<div style="background-image: url({url}/div.png)">Evil div</div>'
        '<pdf:font name="Evil2" src="/etc/passwd" />'
        "<p>Still rendered</p>"
    )
    return _page(body, head)


def test_hostile_references_touch_no_file_and_no_network(listener):
    html = _hostile(listener.getsockname()[1])
    render_pdf(html)  # warm-up: lazy imports and caches are not what is under test
    assert _connections(listener) == 0
    data, events = _spy_render(html)
    assert "Still rendered" in _text(data)
    assert _connections(listener) == 0
    network = [e for e in events if e[0] != "open"]
    assert network == []
    root = STATIC_ROOT.resolve()
    outside = [
        p for p in _opened_paths(events) if not p.is_relative_to(root) and not _is_own_temp(p)
    ]
    assert outside == []


def test_spy_detects_a_permitted_read(tiny_static):
    render_pdf(_page('<img src="/static/img/dot.png">'))  # warm-up
    data, events = _spy_render(_page('<img src="/static/img/dot.png">'))
    assert (tiny_static / "img" / "dot.png").resolve() in _opened_paths(events)
    assert _images(data) == 1


@pytest.mark.parametrize(
    "src", ["/static/img/dot.png", "static:img/dot.png", "/static/img//dot.png?v=3"]
)
def test_static_image_is_allowed(tiny_static, src):
    assert _images(render_pdf(_page(f'<img src="{src}" width="20" height="20">'))) == 1


def test_resolve_static_refuses_symlink_out(tiny_static):
    assert (
        resolve_static("/static/img/dot.png", tiny_static)
        == (tiny_static / "img" / "dot.png").resolve()
    )
    assert resolve_static("/static/img/link.png", tiny_static) is None


def test_symlink_out_of_static_is_refused(tiny_static):
    data, events = _spy_render(_page('<img src="/static/img/link.png">'))
    assert _images(data) == 0
    assert (tiny_static.parent / "secret.png").resolve() not in _opened_paths(events)


@pytest.mark.parametrize(
    "uri",
    [
        "file:///etc/passwd",
        "/etc/passwd",
        "etc/passwd",
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "static:../../etc/passwd",
        "static:/../etc/passwd",
        "/static/",
        "/static/fonts",
        "/static/fonts/missing.ttf",
        "/static/fonts\\..\\..\\pdf.py",
        "http://127.0.0.1:9/static/fonts/DejaVuSans.ttf",
        "https://evil.example/x.css",
        "//evil.example/static/x.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "ftp://evil.example/x",
    ],
)
def test_resolve_static_refuses(uri):
    assert resolve_static(uri) is None


@pytest.mark.parametrize("uri", ["/static/fonts/DejaVuSans.ttf", "static:fonts/DejaVuSans.ttf"])
def test_resolve_static_maps_into_static_root(uri):
    assert resolve_static(uri) == (STATIC_ROOT / "fonts" / "DejaVuSans.ttf").resolve()


def test_concurrent_renders_keep_their_glyphs():
    results: list[str] = []

    def work(name: str) -> None:
        results.append(_text(render_pdf(_page(f"<p>{name}</p>"))))

    threads = [threading.Thread(target=work, args=(n,)) for n in NAMES * 2]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.strip() for r in results) == sorted(NAMES * 2)


# --- errors and page counts ----------------------------------------------------


def test_pisa_errors_raise_pdf_render_error(monkeypatch):
    class Failed:
        err = 1
        log = [("error", 1, "broken markup", "")]

    monkeypatch.setattr(pdfmod.pisa, "CreatePDF", lambda *a, **k: Failed())
    with pytest.raises(PdfRenderError, match="broken markup"):
        render_pdf("<p>x</p>")


def test_pisa_exception_is_wrapped(monkeypatch):
    def boom(*a, **k):
        raise ValueError("kaput")

    monkeypatch.setattr(pdfmod.pisa, "CreatePDF", boom)
    with pytest.raises(PdfRenderError, match="kaput"):
        render_pdf("<p>x</p>")


def _lines(n: int) -> str:
    return _page("".join(f"<p>Line {i}: {NAMES[i % 3]} at Søndergaard ApS.</p>" for i in range(n)))


def test_count_pages_short():
    assert count_pages(render_pdf(_lines(5))) == 1


def test_count_pages_long():
    assert count_pages(render_pdf(_lines(70))) == 2


def test_count_pages_very_long():
    data = render_pdf(_lines(200))
    assert count_pages(data) >= 3
    assert count_pages(data) == len(PdfReader(io.BytesIO(data)).pages)
