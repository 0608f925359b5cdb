"""Options shared by several commands (the data folder itself is :mod:`acukg.data`)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.settings import DEFAULT_DATA_DIR, Settings

data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=f"Data folder (default: $ACUKG_DATA, else ./{DEFAULT_DATA_DIR}; the same for every command).",
)
quiet_option = click.option("--quiet", "-q", is_flag=True, help="Print only errors and the result.")


def settings_for(data_dir: Path | None, **overrides) -> Settings:
    """Settings from the environment, with command-line values on top."""
    return Settings.from_env(data_dir=data_dir, **overrides)


def wrote(paths) -> None:
    """Print every file a command wrote, one per line."""
    for path in paths:
        click.echo(f"wrote {path}")
