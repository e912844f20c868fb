"""The level chart colours each bar by the level's meaning and keeps its table equivalent."""

from __future__ import annotations

import re

from tests import factories


def test_level_bars_follow_the_level_tones(world, arrange, auth, client):
    factories.assign_checklist(
        world.a.institution, world.a.cohort, factories.create_checklist(world.a.institution)
    )
    auth.login_as(world.a.advisor)
    page = client.get(f"/{world.a.slug}/cohorts/{world.a.cohort.id}").get_data(as_text=True)
    chart = page.split('id="levels-chart"', 1)[1].split("</svg>", 1)[0]
    tones = re.findall(r'class="chart-bar (chart-[a-z-]+)"', chart)
    assert tones == [
        "chart-tone-neutral",  # Not started
        "chart-tone-danger",  # At risk
        "chart-tone-info",  # On track
        "chart-tone-ok",  # Interview-ready
    ]
    assert "<caption>Students per readiness level</caption>" in page


def test_tone_colours_are_distinct_and_dark_enough():
    from pathlib import Path

    css = (Path(__file__).parents[2] / "careercenter/static/css/app.css").read_text()
    fills = dict(re.findall(r"\.chart-tone-([a-z]+) \{ fill: (#[0-9a-f]{6}); \}", css))
    assert set(fills) == {"neutral", "danger", "info", "ok"}
    assert len(set(fills.values())) == 4

    def luminance(hex_colour):
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    track = luminance("#eef1f4")
    for colour in fills.values():
        assert (track + 0.05) / (luminance(colour) + 0.05) >= 3, colour
