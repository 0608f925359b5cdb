"""Settings from the environment, in one place.

Nothing is read at import time: call :meth:`Settings.from_env` and pass the result on.
Credentials are kept out of ``repr`` so they never reach logs, errors or manifests.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping

from kg.errors import SettingsError

PUBLIC_OPENALEX_URL = "https://api.openalex.org"
DEFAULT_DATA_DIR = "acukg-data"
#: Requests per second we allow ourselves: under OpenAlex's caps (10/s keyless, 30/s with a key).
RATE_LIMIT_KEYLESS = 5.0
RATE_LIMIT_WITH_KEY = 20.0
PUBLIC_PUBMED_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
#: NCBI's E-utilities limits: 3 requests per second without an API key, 10 with one.
NCBI_RATE_KEYLESS = 3.0
NCBI_RATE_WITH_KEY = 10.0
NCBI_TOOL = "acukg"


@dataclass(frozen=True)
class Settings:
    """Everything acukg reads from the environment.

    Examples
    --------
    >>> s = Settings.from_env({"ACUKG_DATA": "/tmp/x", "OPENALEX_API_KEY": "s3cr3t"})
    >>> s.store_path.name, s.rate_limit
    ('records.sqlite', 20.0)
    >>> "s3cr3t" in repr(s)
    False
    >>> p = Settings.from_env({"NCBI_API_KEY": "k3y", "NCBI_EMAIL": "me@example.org"})
    >>> p.pubmed_rate_limit, "k3y" in repr(p), "me@example.org" in repr(p)
    (10.0, False, False)
    """

    openalex_url: str = PUBLIC_OPENALEX_URL
    email: str | None = None
    api_key: str | None = field(default=None, repr=False)
    data_dir: Path = Path(DEFAULT_DATA_DIR)
    rate_limit: float | None = None
    neo4j_uri: str | None = None
    neo4j_user: str | None = None
    neo4j_password: str | None = field(default=None, repr=False)
    neo4j_database: str | None = None
    falkordb_url: str | None = None
    pubmed_url: str = PUBLIC_PUBMED_URL
    ncbi_api_key: str | None = field(default=None, repr=False)
    ncbi_email: str | None = field(default=None, repr=False)
    ncbi_tool: str = NCBI_TOOL
    pubmed_rate_limit: float | None = None

    def __post_init__(self) -> None:
        if self.rate_limit is None:
            object.__setattr__(
                self, "rate_limit", RATE_LIMIT_WITH_KEY if self.api_key else RATE_LIMIT_KEYLESS
            )
        if self.rate_limit <= 0:
            raise SettingsError(f"rate limit must be positive, got {self.rate_limit!r}")
        if not self.openalex_url.startswith(("http://", "https://")):
            raise SettingsError(
                f"OPENALEX_URL must start with http:// or https://, got {self.openalex_url!r}"
            )
        object.__setattr__(self, "openalex_url", self.openalex_url.rstrip("/"))
        if self.pubmed_rate_limit is None:
            object.__setattr__(
                self, "pubmed_rate_limit", NCBI_RATE_WITH_KEY if self.ncbi_api_key else NCBI_RATE_KEYLESS
            )
        if self.pubmed_rate_limit <= 0:
            raise SettingsError(f"PubMed rate limit must be positive, got {self.pubmed_rate_limit!r}")
        if not self.pubmed_url.startswith(("http://", "https://")):
            raise SettingsError(f"PUBMED_URL must start with http:// or https://, got {self.pubmed_url!r}")
        object.__setattr__(self, "pubmed_url", self.pubmed_url.rstrip("/"))
        if not self.ncbi_tool or any(c.isspace() for c in self.ncbi_tool):
            raise SettingsError(f"NCBI_TOOL must be a name without spaces, got {self.ncbi_tool!r}")
        object.__setattr__(self, "data_dir", Path(self.data_dir))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides) -> "Settings":
        """Read settings from ``environ`` (default ``os.environ``); ``overrides`` that are not None win."""
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        rate = get("ACUKG_RATE_LIMIT")
        try:
            rate_limit = float(rate) if rate else None
        except ValueError:
            raise SettingsError(f"ACUKG_RATE_LIMIT must be a number, got {rate!r}") from None
        values = dict(
            openalex_url=get("OPENALEX_URL") or PUBLIC_OPENALEX_URL,
            email=get("OPENALEX_EMAIL"),
            api_key=get("OPENALEX_API_KEY"),
            data_dir=Path(get("ACUKG_DATA") or DEFAULT_DATA_DIR),
            rate_limit=rate_limit,
            neo4j_uri=get("NEO4J_URI"),
            neo4j_user=get("NEO4J_USER"),
            neo4j_password=get("NEO4J_PASSWORD"),
            neo4j_database=get("NEO4J_DATABASE"),
            falkordb_url=get("FALKORDB_URL"),
            pubmed_url=get("PUBMED_URL") or PUBLIC_PUBMED_URL,
            ncbi_api_key=get("NCBI_API_KEY"),
            ncbi_email=get("NCBI_EMAIL"),
            ncbi_tool=get("NCBI_TOOL") or NCBI_TOOL,
        )
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def with_(self, **changes) -> "Settings":
        """A copy with some fields changed (``rate_limit=None`` re-derives the default)."""
        return replace(self, **changes)

    @property
    def store_path(self) -> Path:
        """The SQLite record store of raw OpenAlex works."""
        return self.data_dir / "records.sqlite"

    @property
    def graph_dir(self) -> Path:
        """Where the built graph is saved (Parquet tables and a manifest)."""
        return self.data_dir / "graph"

    @property
    def report_dir(self) -> Path:
        """Where views, plots and the run report are written."""
        return self.data_dir / "report"

    @property
    def is_public_openalex(self) -> bool:
        return self.openalex_url == PUBLIC_OPENALEX_URL
