"""Fixtures of the view tests: the hand-built graph, and one headless Chromium per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kg.views.graphs import tiny_graph

#: Screenshots for a person to look at (git-ignored).
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "views"


@pytest.fixture(scope="session")
def tiny():
    """The hand-built graph (shared: do not mutate)."""
    return tiny_graph(synthetic=True)


@pytest.fixture(scope="session")
def chromium():
    """Headless Chromium with networking off. Missing Chromium is an error, never a skip."""
    from kg.views.browser import Chromium

    with Chromium(width=1400, height=950) as browser:
        yield browser


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
