"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path

import click

from kg.settings import Settings

data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Data directory (default: $ACUKG_DATA or ./acukg-data).",
)
quiet_option = click.option("--quiet", "-q", is_flag=True, help="Print only errors and the result.")


def settings_for(data_dir: Path | None, **overrides) -> Settings:
    """Settings from the environment, with command-line values on top."""
    return Settings.from_env(data_dir=data_dir, **overrides)
