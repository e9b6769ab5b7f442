"""The general Los Angeles strategy guide, kept as Markdown beside this module."""

from __future__ import annotations

from importlib.resources import files

from advisor.hooks.types import GuidePage

from advisor_los_angeles.region import REGION


def guide_page() -> GuidePage:
    body = files("advisor_los_angeles").joinpath("guide.md").read_text(encoding="utf-8")
    return GuidePage(slug=REGION.slug, title="Los Angeles for non-US-citizen IMGs",
                     summary="How a non-US graduate with modest scores can reach Los Angeles "
                             "programs: screens, visas, Step 3, local experience and a "
                             "three-tier list.",
                     body=body)
