"""The data folder: where every command and notebook finds the record store and the graph.

One default (``$ACUKG_DATA``, else ``./acukg-data``, see :mod:`kg.settings`) for all of them,
and one error for "nothing here" that says how to point at another folder.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from kg.errors import StoreError
from kg.settings import DEFAULT_DATA_DIR, Settings

#: How to point a command at another data folder, for every "nothing here" error.
DATA_HINT = (f"give the data folder with --data DIR or ACUKG_DATA=DIR (default ./{DEFAULT_DATA_DIR}),"
             " or make one here with `acukg run --demo` (offline) or `acukg run`")


def nearest_data_dir(start: Path | None = None) -> Path | None:
    """The nearest ``acukg-data`` folder holding a graph or a record store, in ``start`` (default:
    the current folder) or above it: where a notebook in ``notebooks/`` finds what
    ``acukg run`` made at the repository root."""
    from kg.store import MANIFEST

    here = (start or Path.cwd()).absolute()
    for folder in (here, *here.parents):
        candidate = folder / DEFAULT_DATA_DIR
        if (candidate / "graph" / MANIFEST).is_file() or (candidate / "records.sqlite").is_file():
            return candidate
    return None


def load_graph(settings: Settings):
    """The graph saved in the data folder; when there is none, an error saying where to look."""
    from kg.store import MANIFEST, load

    if not (settings.graph_dir / MANIFEST).is_file():
        raise StoreError(f"no saved graph in {settings.data_dir} ({settings.graph_dir} holds none): {DATA_HINT}")
    return load(settings.graph_dir)


def require_store(settings: Settings) -> None:
    """Stop with an error saying where to look when the data folder holds no record store."""
    if not settings.store_path.is_file():
        raise StoreError(f"no record store in {settings.data_dir} ({settings.store_path} is missing): {DATA_HINT}")


@contextmanager
def reading_store(settings: Settings):
    """Hold the store's lock while reading it, so a running ingest is refused, naming its pid
    (:class:`kg.errors.StoreInUse`), rather than read half-written."""
    from ingest.lock import StoreLock

    require_store(settings)
    with StoreLock(settings.store_path):
        yield
