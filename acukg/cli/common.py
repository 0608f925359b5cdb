"""Options shared by several commands, and the one way commands find the data folder."""

from __future__ import annotations

from pathlib import Path

import click

from kg.errors import StoreError
from kg.settings import DEFAULT_DATA_DIR, Settings

data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=f"Data folder (default: $ACUKG_DATA, else ./{DEFAULT_DATA_DIR}; the same for every command).",
)
quiet_option = click.option("--quiet", "-q", is_flag=True, help="Print only errors and the result.")

#: How to point a command at another data folder, for every "nothing here" error.
DATA_HINT = (f"give the data folder with --data DIR or ACUKG_DATA=DIR (default ./{DEFAULT_DATA_DIR}),"
             " or make one here with `acukg run --demo` (offline) or `acukg run`")


def settings_for(data_dir: Path | None, **overrides) -> Settings:
    """Settings from the environment, with command-line values on top."""
    return Settings.from_env(data_dir=data_dir, **overrides)


def load_graph(settings: Settings):
    """The graph saved in the data folder; when there is none, an error saying where to look."""
    from kg.store import load

    if not (settings.graph_dir / "manifest.json").is_file():
        raise StoreError(f"no saved graph in {settings.data_dir} ({settings.graph_dir} holds none): {DATA_HINT}")
    return load(settings.graph_dir)


def require_store(settings: Settings) -> None:
    """Stop with an error saying where to look when the data folder holds no record store."""
    if not settings.store_path.is_file():
        raise StoreError(f"no record store in {settings.data_dir} ({settings.store_path} is missing): {DATA_HINT}")


def wrote(paths) -> None:
    """Print every file a command wrote, one per line."""
    for path in paths:
        click.echo(f"wrote {path}")
