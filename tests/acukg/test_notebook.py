"""acukg.notebook: opening the graph, counts, the synthetic banner, inline views, the configured database."""

from __future__ import annotations

import doctest
import html
import shutil
import time
from html.parser import HTMLParser

import networkx as nx
import pytest

from tests.pages import open_page

import acukg.notebook
from kg.errors import BackendError, StoreError
from kg.model import Cites, Concept, Mentions, Work, add_edge, add_node
from acukg.notebook import (
    NO_SERVER,
    configured_backend,
    edges_by_type,
    nodes_by_kind,
    open_graph,
    show,
    synthetic_banner,
    view_iframe,
)
from kg.settings import Settings

DATABASE_VARS = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE", "FALKORDB_URL")
#: A page that would break out of a badly quoted attribute and run a script in the notebook.
NASTY_PAGE = ('<!doctype html><p title="x" data-a=\'y\'>a &amp; b &lt;3</p>'
              '"></iframe><script>alert("pwned")</script><img src=x onerror=alert(1)>')


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(text: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser.tags


def srcdoc(displayable) -> str:
    (frame,) = [attrs for tag, attrs in tags(displayable.data) if tag == "iframe"]
    return frame["srcdoc"]


def small_graph(synthetic: bool = True) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(synthetic=synthetic, works=2, built_at="2026-11-21T00:00:00Z")
    add_node(G, Work(id="work:W1", label="W1", openalex_id="W1", design="rct", species="human"))
    add_node(G, Work(id="work:W2", label="W2", openalex_id="W2", design="animal", species="rat"))
    add_node(G, Concept(id="mechanism:bdnf", label="BDNF", kind="mechanism"))
    add_edge(G, Cites(source="work:W2", target="work:W1"))
    for start in (0, 30):
        add_edge(G, Mentions(source="work:W1", target="mechanism:bdnf", field="abstract",
                             sentence_index=0, start=start, end=start + 4, sentence="BDNF rose.",
                             matched="BDNF", direction="up"))
    return G


def test_doctests():
    assert doctest.testmod(acukg.notebook).failed == 0


# ---------------------------------------------------------------------------------------
# Counts and the banner


def test_counts_by_kind_and_type_in_model_order():
    G = small_graph()
    assert nodes_by_kind(G).to_dict() == {"work": 2, "mechanism": 1}
    assert list(nodes_by_kind(G).index) == ["work", "mechanism"]
    assert edges_by_type(G).to_dict() == {"CITES": 1, "MENTIONS": 2}
    assert nodes_by_kind(nx.MultiDiGraph()).empty and edges_by_type(nx.MultiDiGraph()).empty


def test_counts_add_up_on_the_synthetic_graph(synthetic_graph):
    assert nodes_by_kind(synthetic_graph).sum() == synthetic_graph.number_of_nodes()
    assert edges_by_type(synthetic_graph).sum() == synthetic_graph.number_of_edges()


def test_banner_says_synthetic_only_when_it_is_and_escapes_graph_text():
    G = small_graph(synthetic=True)
    G.graph["built_at"] = "<img src=x onerror=alert(1)>"
    banner = synthetic_banner(G).data
    assert "SYNTHETIC DATA" in banner and "made up" in banner
    assert "<img" not in banner and "&lt;img src=x onerror=alert(1)&gt;" in banner
    assert "SYNTHETIC" not in synthetic_banner(small_graph(synthetic=False)).data


# ---------------------------------------------------------------------------------------
# Inline views


def test_iframe_holds_the_page_exactly_and_nothing_escapes_it():
    out = view_iframe(NASTY_PAGE, height=300, title='a "view"')
    assert [tag for tag, _ in tags(out)] == ["div", "iframe"]
    frame = tags(out)[1][1]
    assert frame["srcdoc"] == NASTY_PAGE
    assert frame["sandbox"] == "allow-scripts"
    assert frame["title"] == 'a "view"'
    assert "height:300px" in frame["style"]
    assert "<script" not in out and html.unescape(out).count("<script") == 1


@pytest.mark.parametrize("height", [0, 49, 12.5, "800", True, None])
def test_iframe_rejects_a_bad_height(height):
    with pytest.raises(ValueError, match="height"):
        view_iframe("<p>x</p>", height=height)


def test_show_embeds_the_page_write_html_writes(synthetic_graph, tmp_path):
    from kg.views import write_html
    from tests.kg.views.pages import external_refs

    shown = srcdoc(show(synthetic_graph, "evidence", min_studies=2))
    written = write_html(synthetic_graph, "evidence", tmp_path / "evidence.html", min_studies=2)
    assert shown == written.read_text(encoding="utf-8")
    assert external_refs(shown) == []
    assert shown.lower().startswith("<!doctype html>")


def test_show_names_a_bad_view_or_option(synthetic_graph):
    from kg.views.spec import ViewError

    with pytest.raises(ViewError, match="unknown view 'network'"):
        show(synthetic_graph, "network")
    with pytest.raises(ViewError, match="min_studies"):
        show(synthetic_graph, "evidence", min_studies=0)


def test_show_draws_the_network_inside_the_sandboxed_frame(synthetic_graph, context, tmp_path):
    """In Chromium, a notebook-like page holding show()'s output draws the network: its
    screenshot gains many coloured pixels over the same frame with scripts forbidden."""
    from matplotlib.image import imread

    shown = show(synthetic_graph, "evidence", min_studies=2).data
    assert 'sandbox="allow-scripts"' in shown
    hosts = {"no_scripts": shown.replace('sandbox="allow-scripts"', 'sandbox=""'), "scripts": shown}
    coloured, errors, requests = {}, {}, {}
    for name, body in hosts.items():
        host = tmp_path / f"{name}.html"
        host.write_text(f"<!doctype html><html><body>{body}</body></html>", encoding="utf-8")
        page = context.new_page()
        page.set_viewport_size({"width": 1400, "height": 900})
        opened = open_page(page, host)
        deadline = time.monotonic() + (1.0 if name == "no_scripts" else 20.0)
        while True:
            page.wait_for_timeout(500)
            pixels = imread(opened.screenshot(tmp_path / f"{name}.png"))[..., :3]
            coloured[name] = int(((pixels.max(axis=2) - pixels.min(axis=2)) > 0.25).sum())
            drawn = name == "scripts" and coloured[name] > coloured["no_scripts"] + 5000
            if drawn or time.monotonic() > deadline:
                break
        errors[name], requests[name] = opened.errors, opened.requests
    assert errors["scripts"] == []
    # with scripts forbidden, the only complaints are Chromium's notes that it blocked them
    assert all(e.startswith("Blocked script execution") for e in errors["no_scripts"]), errors
    assert all(r.startswith(("file:", "about:")) for rs in requests.values() for r in rs), requests
    assert coloured["scripts"] > coloured["no_scripts"] + 5000, coloured


# ---------------------------------------------------------------------------------------
# The configured database


@pytest.fixture
def no_database_env(monkeypatch):
    for name in DATABASE_VARS:
        monkeypatch.delenv(name, raising=False)


def test_no_database_configured_says_so(no_database_env, capsys):
    assert configured_backend() is None
    assert NO_SERVER in capsys.readouterr().out


def test_falkordb_url_opens_falkordb(capsys):
    from kg.backends.server import start_falkordb

    with start_falkordb() as server:
        db = configured_backend(Settings(falkordb_url=server.url), graph="notebook-test")
        try:
            assert db.name == "falkordb"
            assert db.run("RETURN $x AS x", x=41) == [{"x": 41}]
        finally:
            db.close()
    assert NO_SERVER not in capsys.readouterr().out


def test_neo4j_wins_over_falkordb_and_an_unreachable_server_is_an_error():
    from kg.backends.server import free_port

    dead = free_port()
    with pytest.raises(BackendError, match=f"127.0.0.1:{dead}"):
        configured_backend(Settings(falkordb_url=f"redis://127.0.0.1:{dead}"))
    with pytest.raises(BackendError) as info:
        configured_backend(Settings(neo4j_uri=f"neo4j://127.0.0.1:{dead}",
                                    falkordb_url=f"redis://127.0.0.1:{free_port()}"))
    assert "neo4j" in str(info.value).lower() and f":{dead}" in str(info.value)


# ---------------------------------------------------------------------------------------
# Opening the graph


def test_open_graph_loads_the_graph_in_acukg_data(synthetic_graph, tmp_path, monkeypatch, capsys):
    from kg.store import save

    save(synthetic_graph, tmp_path / "graph")
    monkeypatch.setenv("ACUKG_DATA", str(tmp_path))
    G = open_graph()
    assert f"Loaded the graph in {tmp_path / 'graph'}" in capsys.readouterr().out
    assert set(G.nodes) == set(synthetic_graph.nodes)
    assert G.number_of_edges() == synthetic_graph.number_of_edges()
    assert G.graph["synthetic"] is True


@pytest.mark.slow
def test_open_graph_runs_the_demo_then_builds_from_the_store(tmp_path, capsys):
    G = open_graph(tmp_path, works=400)
    out = capsys.readouterr().out
    assert "running the demo" in out and "Loaded the graph" in out
    assert G.graph["synthetic"] is True and nodes_by_kind(G)["work"] > 0
    assert (tmp_path / "records.sqlite").is_file() and (tmp_path / "graph" / "manifest.json").is_file()

    shutil.rmtree(tmp_path / "graph")
    H = open_graph(tmp_path)
    out = capsys.readouterr().out
    assert "running the demo" not in out and "Building the graph from the record store" in out
    assert set(H.nodes) == set(G.nodes) and H.number_of_edges() == G.number_of_edges()


def test_open_graph_names_a_corrupt_graph(tmp_path):
    (tmp_path / "graph").mkdir()
    (tmp_path / "graph" / "manifest.json").write_text("{", encoding="utf-8")
    with pytest.raises(StoreError, match="manifest.json"):
        open_graph(tmp_path)


def test_notebooks_find_the_data_folder_of_the_repository_root(tmp_path):
    from acukg.data import nearest_data_dir

    (tmp_path / "notebooks").mkdir()
    assert nearest_data_dir(tmp_path / "notebooks") in (None, *[p / "acukg-data" for p in tmp_path.parents])
    (tmp_path / "acukg-data" / "graph").mkdir(parents=True)
    assert nearest_data_dir(tmp_path / "notebooks") != tmp_path / "acukg-data"  # an empty folder is no data
    (tmp_path / "acukg-data" / "graph" / "manifest.json").write_text("{}")
    assert nearest_data_dir(tmp_path / "notebooks") == tmp_path / "acukg-data"
