"""Other people's data, read from ``../shared/data`` beside the checkout and never copied in.

Tests that need a folder call :func:`require`, which skips them with a clear message when the
folder is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

#: ``shared/data`` beside the repository checkout.
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def require(*parts: str) -> Path:
    """The path ``../shared/data/<parts>``, or skip the calling test when it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not available (../shared/data/{'/'.join(parts)} absent)")
    return path


def files(folder: str, pattern: str = "*") -> list:
    """Parameters for a test over the files of ``../shared/data/<folder>``: one skipped
    parameter with a clear reason when the folder is absent."""
    found = sorted(SHARED_DATA.joinpath(folder).glob(pattern))
    reason = f"shared data not available (../shared/data/{folder} absent)"
    return found or [pytest.param(None, marks=pytest.mark.skip(reason=reason))]
