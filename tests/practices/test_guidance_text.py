"""Guidance Markdown renders to well-formed, escaped HTML, whatever the input."""

from __future__ import annotations

import random
from html.parser import HTMLParser

import pytest

from careercenter.practices.text import guidance_html

ALLOWED = {"p", "ul", "ol", "li", "em", "strong", "br"}
VOID = {"br"}  # a backslash at the end of a line breaks it


class NestingChecker(HTMLParser):
    """Collect the problems of a fragment: stray, unclosed or mis-nested tags, unknown ones."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED or (attrs and (tag, [k for k, _ in attrs]) != ("ol", ["start"])):
            self.problems.append(f"unexpected <{tag} {attrs}>")
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
        else:
            self.open.pop()

    def check(self, html: str) -> list[str]:
        self.feed(html)
        self.close()
        return self.problems + [f"<{tag}> never closed" for tag in self.open]


def problems_of(text: str) -> list[str]:
    return NestingChecker().check(str(guidance_html(text)))


def test_the_checker_catches_mis_nesting():
    assert problems_of("plain") == []
    assert NestingChecker().check("<p><strong>a<em>b</strong></em></p>")
    assert NestingChecker().check("<p><em>open")


@pytest.mark.parametrize(
    "text",
    [
        "**bold *both** em*",
        "*em **both* strong**",
        "***all three*** and **a *b** c*",
        "- **one *two**\n- three*",
        "__bold _both__ em_ and *mixed_",
        "**unclosed *and more",
    ],
)
def test_mis_nested_emphasis_renders_well_formed(text):
    assert problems_of(text) == []


def test_well_nested_markup_keeps_its_meaning():
    html = str(guidance_html("Ask the **hiring manager *first***.\n\n- one\n- *two*"))
    assert "<strong>hiring manager <em>first</em></strong>" in html
    assert "<ul>\n<li>one</li>\n<li><em>two</em></li>\n</ul>" in html


def test_everything_else_stays_escaped_text():
    html = str(guidance_html("<img src=x onerror=alert(1)> [x](javascript:alert(1)) # no\n`c`"))
    assert "<img" not in html and "<a" not in html and "<h1" not in html and "<code" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert str(guidance_html(r"A literal \*star\*")) == "<p>A literal *star*</p>\n"


def test_random_markup_always_renders_well_formed():
    pieces = ["*", "**", "_", "__", "***", "word", " ", "\n", "\n\n", "- ", "1. ", "<b>", "&", "\\"]
    rng = random.Random(8)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        assert problems_of(text) == [], text
