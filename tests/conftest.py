"""Fixtures shared across the test folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

#: Fixtures whose users get a marker, so ``-m "not browser"`` and the like select by what a test needs.
_MARKED_FIXTURES = {"page": "browser", "context": "browser", "falkordb_server": "falkordb"}


#: Doctests that run a whole job (the demo), marked slow like the tests that do.
_SLOW_DOCTESTS = {"acukg.pipeline.run"}


def pytest_collection_modifyitems(items):
    """Mark every test by the servers and programs it needs (see ``_MARKED_FIXTURES``), and
    the doctests that run a whole job as slow."""
    for item in items:
        if item.name in _SLOW_DOCTESTS:
            item.add_marker("slow")
        for fixture, marker in _MARKED_FIXTURES.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(marker)


#: Debian's Chromium, headless and offline, for Playwright's ``page`` and ``browser`` fixtures.
CHROMIUM = os.environ.get("ACUKG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Playwright launches Debian's Chromium (no browser download) with networking quiet."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


#: The small synthetic corpus most graph-level tests build on (fast, deterministic).
SMALL_CORPUS = dict(size=400, seed=7)


@pytest.fixture(scope="session")
def synthetic_corpus():
    """A small deterministic synthetic OpenAlex corpus (no HTTP involved)."""
    from ingest.standin.corpus import SyntheticCorpus

    return SyntheticCorpus(**SMALL_CORPUS)


@pytest.fixture(scope="session")
def synthetic_graph(synthetic_corpus):
    """The graph built from every work of the small synthetic corpus, claims included.

    Session-scoped and shared: tests must not mutate it (copy it first).
    """
    from ingest.seeds import bibliography_entries
    from kg.build import build_graph
    from kg.claims import articles

    return build_graph(
        synthetic_corpus.works(),
        hops=synthetic_corpus.hops(),
        seed_map=synthetic_corpus.seed_map(),
        articles=articles(bibliography_entries()),
        synthetic=True,
    )


@pytest.fixture(scope="session")
def tiny():
    """The hand-built graph (shared: do not mutate)."""
    from tests.kg.views.graphs import tiny_graph

    return tiny_graph(synthetic=True)


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory) -> Path:
    """Where screenshots for a person to look at go: ``$ACUKG_TEST_ARTIFACTS`` when set, else a
    temporary folder (never the checkout)."""
    chosen = os.environ.get("ACUKG_TEST_ARTIFACTS")
    if not chosen:
        return tmp_path_factory.mktemp("artifacts")
    path = Path(chosen)
    path.mkdir(parents=True, exist_ok=True)
    return path
