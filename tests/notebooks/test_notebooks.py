"""The notebooks run top to bottom on the demo corpus (nbclient), and are committed without outputs.

A session fixture runs the demo once into a temporary data directory; each notebook then runs
in a fresh ``python3`` kernel with ``ACUKG_DATA`` pointing there. The notebooks hold no test
asserts: the tests read the numbers the notebooks print and check them against the library on
the same graph. ``04_neo4j`` runs with
no database configured (it must say so and finish) and against a real local FalkorDB server.
"""

from __future__ import annotations

import ast
import functools
import os
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import queries

pytestmark = pytest.mark.notebook

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
NAMES = ("01_quickstart.ipynb", "02_evidence_and_claims.ipynb", "03_citation_network.ipynb",
         "04_neo4j.ipynb")
#: Works in the demo corpus the notebooks run on (the default is 3000: same code, slower).
DEMO_WORKS = 1000
#: Seconds a single cell may take.
CELL_TIMEOUT = 300
#: Environment variables that configure a graph database.
DATABASE_VARS = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE", "FALKORDB_URL")


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory) -> Path:
    """A data directory holding the demo's record store and graph (built once per session)."""
    from acukg.notebook import open_graph

    data = tmp_path_factory.mktemp("notebook-data")
    G = open_graph(data, works=DEMO_WORKS)
    assert G.graph["synthetic"] is True and (data / "graph" / "manifest.json").is_file()
    return data


@functools.lru_cache(maxsize=None)
def graph_of(data: Path):
    """The graph the notebooks read, for checking what they print."""
    import kg

    return kg.load(data / "graph")


def kernel_env(data: Path, **extra: str) -> dict[str, str]:
    """This process's environment with ``ACUKG_DATA`` set and no database configured, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k not in DATABASE_VARS}
    env["ACUKG_DATA"] = str(data)
    env.update(extra)
    return env


def execute(name: str, env: dict[str, str], tmp_path: Path):
    """Run a notebook in a fresh python3 kernel (cwd ``tmp_path``); the executed notebook.

    A cell that raises (a failed ``assert`` included) fails the run; so does anything written
    to stderr (warnings a reader would see).
    """
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute(env=env)
    assert outputs(nb, "error") == []
    assert stream(nb, "stderr") == "", f"{name} wrote to stderr:\n{stream(nb, 'stderr')}"
    return nb


def outputs(nb, output_type: str | None = None) -> list[dict]:
    return [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs
            if output_type is None or o.output_type == output_type]


def stream(nb, name: str) -> str:
    return "".join(o.get("text", "") for o in outputs(nb, "stream") if o.get("name") == name)


def stdout(nb) -> str:
    return stream(nb, "stdout")


def html_outputs(nb) -> list[str]:
    return [o["data"]["text/html"] for o in outputs(nb)
            if o.output_type in ("display_data", "execute_result") and "text/html" in o.get("data", {})]


def images(nb) -> int:
    return sum(1 for o in outputs(nb) if "image/png" in o.get("data", {}))


def code_of(cell) -> str:
    """A code cell's Python, IPython magics (``%…``) dropped."""
    return "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith("%"))


# ---------------------------------------------------------------------------------------
# The committed files


@pytest.mark.parametrize("name", NAMES)
def test_committed_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    assert all(c.outputs == [] for c in code), f"{name} has outputs: clear them before committing"
    assert all(c.execution_count is None for c in code), f"{name} has execution counts"
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_read_as_analyses(name):
    """No definitions and no test asserts in the cells (the tests below check the outputs); the
    notebook says its data are synthetic on the demo, what it needs and how long it takes."""
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    trees = [ast.parse(code_of(c)) for c in nb.cells if c.cell_type == "code"]
    nodes = [n for tree in trees for n in ast.walk(tree)]
    defined = [n.name for n in nodes if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    assert defined == [], f"{name} defines {defined}: put reusable code in the library"
    asserts = [n.lineno for n in nodes if isinstance(n, ast.Assert)]
    calls = [n for n in nodes if isinstance(n, ast.Call) and "assert" in ast.unparse(n.func)]
    assert not asserts and not calls, f"{name} has test asserts in its cells"
    text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown").lower()
    assert "synthetic" in text, f"{name} does not say that the demo corpus is synthetic"
    assert "**needs**" in text and "**time**" in text, f"{name} does not say what it needs and how long it takes"


def test_python3_kernel_is_this_environment(tmp_path):
    from jupyter_client.kernelspec import KernelSpecManager

    assert "python3" in KernelSpecManager().find_kernel_specs()
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell("import sys; print(sys.executable); print(sys.prefix)"))
    NotebookClient(nb, timeout=60, kernel_name="python3").execute(cwd=str(tmp_path))
    executable, prefix = stdout(nb).split()
    assert Path(prefix).resolve() == Path(sys.prefix).resolve(), (
        f"the python3 kernel runs {executable}, not this environment's {sys.executable}")
    assert Path(executable).resolve() == Path(sys.executable).resolve()


# ---------------------------------------------------------------------------------------
# Running them


def test_01_quickstart(demo_data, tmp_path):
    nb = execute("01_quickstart.ipynb", kernel_env(demo_data), tmp_path)
    assert f"Loaded the graph in {demo_data / 'graph'}" in stdout(nb)
    assert "running the demo" not in stdout(nb)
    pages = html_outputs(nb)
    assert any("SYNTHETIC DATA" in h for h in pages)
    frames = [h for h in pages if '<iframe srcdoc="' in h]
    assert len(frames) == 1 and 'sandbox="allow-scripts"' in frames[0]
    assert "&lt;script" in frames[0] and "<script" not in frames[0]
    G = graph_of(demo_data)
    top = queries.mechanisms_for(G, "neuropathic pain")
    best = top.iloc[0]
    rows = queries.evidence(G, mechanism=best["mechanism"], condition="neuropathic pain")
    own = rows[rows["concept"] == best["mechanism"]]
    assert own.loc[~own["retracted"], "work"].nunique() == best["studies"]
    assert f"{best['label']}: {best['studies']} studies, {len(own)} mentions; with narrower concepts" in stdout(nb)
    assert f"{rows['work'].nunique()} works, {len(rows)} mentions" in stdout(nb)


def test_02_evidence_and_claims(demo_data, tmp_path):
    nb = execute("02_evidence_and_claims.ipynb", kernel_env(demo_data), tmp_path)
    assert images(nb) >= 2  # the heatmap and the human/animal chart
    assert any("supported" in h for h in html_outputs(nb))
    G = graph_of(demo_data)
    matrix = queries.evidence_matrix(G, rows="mechanism", cols="condition", value="studies")
    condition = matrix.columns[0]
    ranked = queries.mechanisms_for(G, condition)
    from_matrix = matrix[condition][matrix[condition] > 0].sort_index().to_dict()
    assert from_matrix == ranked[ranked["studies"] > 0].set_index("label")["studies"].sort_index().to_dict()
    assert f"{condition}: {len(from_matrix)} mechanisms studied" in stdout(nb)
    audit = queries.claims_audit(G)
    counts = [h for h in html_outputs(nb) if "verdict" in h and "count" in h]
    assert counts and all(f"<th>{v}</th>" in counts[0] for v in set(audit["verdict"]))


def test_03_citation_network(demo_data, tmp_path):
    nb = execute("03_citation_network.ipynb", kernel_env(demo_data), tmp_path)
    G = graph_of(demo_data)
    central, cited = queries.central_works(G, n=15), queries.most_cited(G, n=15)
    both = len(set(central["work"]) & set(cited["work"]))
    assert f"{both} of the 15 most central works are also among the 15 most cited" in stdout(nb)
    hub = central.iloc[0]
    assert len(queries.cited_by(G, hub["work"])) == hub["citations"]
    assert images(nb) >= 1  # the timeline
    assert any('<iframe srcdoc="' in h for h in html_outputs(nb))


def test_04_without_a_database_says_so_and_stops_cleanly(demo_data, tmp_path):
    from acukg.notebook import NO_SERVER

    nb = execute("04_neo4j.ipynb", kernel_env(demo_data), tmp_path)
    out = stdout(nb)
    assert NO_SERVER in out
    assert "Nothing was pushed or asked" in out
    assert "pushed" not in out.replace("Nothing was pushed", "")


@pytest.fixture(scope="module")
def falkordb_url():
    from kg.backends.server import start_falkordb

    with start_falkordb() as server:
        yield server.url


def test_04_on_falkordb(demo_data, tmp_path, falkordb_url):
    nb = execute("04_neo4j.ipynb", kernel_env(demo_data, FALKORDB_URL=falkordb_url), tmp_path)
    out = stdout(nb)
    assert "No graph database is configured" not in out
    assert f"to falkordb at {falkordb_url}" in out
    assert "same counts as the graph: True" in out
    for question in ("works since 2010 by design", "mechanisms for neuropathic pain", "claims audit"):
        assert f"{question}, same as networkx: True" in out
    assert "done: falkordb answered the same questions" in out


def test_04_on_neo4j(demo_data, tmp_path):
    from kg.backends import open_backend
    from kg.settings import Settings

    settings = Settings.from_env()
    if not settings.neo4j_uri:
        pytest.skip("NEO4J_URI not set: the notebook's Neo4j run needs a server")
    with open_backend(settings, "neo4j") as db:
        db.clear()
    env = kernel_env(demo_data, **{k: os.environ[k] for k in DATABASE_VARS
                                   if k.startswith("NEO4J") and os.environ.get(k)})
    try:
        nb = execute("04_neo4j.ipynb", env, tmp_path)
    finally:
        with open_backend(settings, "neo4j") as db:
            db.clear()
    out = stdout(nb)
    assert out.count("same as networkx: True") == 3 and "same counts as the graph: True" in out
