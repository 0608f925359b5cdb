"""Seed lists: the bibliography of the practitioner articles, or a user's file of identifiers.

Pure parsing and normalising; the only I/O is reading the file (or the packaged
bibliography) that the caller names. Identifiers are normalised to one form per kind:
DOIs bare and lower-case (``10.1000/xyz``), PMIDs as digits, OpenAlex ids as ``W123``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from kg import ids
from kg.errors import SeedError

#: The kinds of identifier a seed can have, in the order they are resolved.
KINDS = ("doi", "pmid", "openalex")
_CONFIDENCE_RANK = {"high": 3, "medium": 2, "low": 1}
_COMMENT_RE = re.compile(r"(^|\s)#.*$")


@dataclass(frozen=True)
class Seed:
    """One seed work: how it is identified and what we know about it.

    ``cited_by`` names the practitioner articles that cite it; ``confidence`` is the best
    confidence with which any of them was matched to this work (high, medium, low).
    """

    kind: str
    value: str
    title: str | None = None
    year: int | None = None
    cited_by: tuple[str, ...] = ()
    confidence: str | None = None
    line: int | None = None

    @property
    def identifier(self) -> str:
        """The canonical text form: a bare DOI, ``pmid:N`` or ``W…``."""
        return {"doi": self.value, "pmid": f"pmid:{self.value}", "openalex": self.value}[self.kind]

    @property
    def low_confidence(self) -> bool:
        """True when the work was only a best guess for what the article describes."""
        return self.confidence == "low"

    def to_dict(self) -> dict:
        """A JSON-ready description for run manifests."""
        out = {"identifier": self.identifier, "kind": self.kind}
        if self.title is not None:
            out["title"] = self.title
        if self.year is not None:
            out["year"] = self.year
        if self.cited_by:
            out["cited_by"] = list(self.cited_by)
        if self.confidence is not None:
            out["confidence"] = self.confidence
            out["low_confidence"] = self.low_confidence
        if self.line is not None:
            out["line"] = self.line
        return out


@dataclass(frozen=True)
class SeedList:
    """Seeds to fetch, plus works that could not be turned into an identifier."""

    seeds: tuple[Seed, ...]
    source: str
    unresolved: tuple[dict, ...] = field(default=())

    def of_kind(self, kind: str) -> list[Seed]:
        """The seeds of one kind (``doi``, ``pmid`` or ``openalex``), in list order."""
        return [s for s in self.seeds if s.kind == kind]

    @property
    def low_confidence(self) -> list[Seed]:
        """Seeds flagged as low-confidence matches (kept, not dropped)."""
        return [s for s in self.seeds if s.low_confidence]

    def to_manifest(self) -> dict:
        """What a run manifest records about its seeds."""
        return {
            "source": self.source,
            "seeds": [s.to_dict() for s in self.seeds],
            "low_confidence": [s.identifier for s in self.low_confidence],
            "unresolved": [dict(u) for u in self.unresolved],
        }


def parse_identifier(text: str) -> tuple[str, str]:
    """Classify and normalise one identifier: ``(kind, value)``.

    Raises ValueError saying what was expected when ``text`` is none of the known forms.

    Examples
    --------
    >>> parse_identifier("https://openalex.org/w2741809807")
    ('openalex', 'W2741809807')
    >>> parse_identifier("PMID: 29456894")
    ('pmid', '29456894')
    >>> parse_identifier("http://dx.doi.org/10.7717/PeerJ.4375")
    ('doi', '10.7717/peerj.4375')
    """
    t = text.strip()
    for kind, value in (("openalex", ids.openalex(t)), ("pmid", t.lower().startswith("pmid:") and ids.pmid(t)),
                        ("doi", ids.doi(t))):
        if value:
            return kind, value
    if t.isdigit():
        raise ValueError("a bare number is ambiguous; write pmid:N for a PubMed id")
    raise ValueError("not a DOI, pmid:N or OpenAlex W id")


def parse_seed_text(text: str, source: str = "<text>") -> SeedList:
    """Parse a seed list: one identifier per line, ``#`` comments, blank lines ignored.

    A comment starts at a ``#`` at the start of a line or after whitespace (``#`` inside a
    DOI is kept). Every malformed line is collected and reported in ONE :class:`SeedError`
    naming the source, the line numbers and the text. Duplicates are kept once.

    Examples
    --------
    >>> seeds = parse_seed_text("# mine\\n10.1000/ABC  # a DOI\\n\\nW12\\n")
    >>> [s.identifier for s in seeds.seeds]
    ['10.1000/abc', 'W12']
    """
    seeds: list[Seed] = []
    seen: set[tuple[str, str]] = set()
    bad: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _COMMENT_RE.sub("", raw).strip()
        if not line:
            continue
        try:
            kind, value = parse_identifier(line)
        except ValueError as exc:
            bad.append(f"  line {number}: {raw.strip()!r} ({exc})")
            continue
        if (kind, value) not in seen:
            seen.add((kind, value))
            seeds.append(Seed(kind=kind, value=value, line=number))
    if bad:
        raise SeedError(
            f"{source}: {len(bad)} malformed seed line{'s' if len(bad) > 1 else ''}"
            " (expected a DOI, pmid:N or OpenAlex W id per line):\n" + "\n".join(bad)
        )
    if not seeds:
        raise SeedError(f"{source}: no seed identifiers found (only blank or comment lines)")
    return SeedList(seeds=tuple(seeds), source=source)


def read_seed_file(path: str | Path) -> SeedList:
    """Read and parse a user's seed file (UTF-8); errors name the file."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise SeedError(f"seed file {path} does not exist") from None
    except IsADirectoryError:
        raise SeedError(f"seed file {path} is a directory") from None
    except UnicodeDecodeError as exc:
        raise SeedError(f"seed file {path} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return parse_seed_text(text, source=str(path))


def bibliography_entries() -> list[dict]:
    """The packaged bibliography: one dict per mention of a work in a practitioner article."""
    raw = resources.files("ingest").joinpath("data/seed_bibliography.json").read_text("utf-8")
    return json.loads(raw)


def seeds_from_bibliography(entries: list[dict], source: str = "bibliography") -> SeedList:
    """Turn bibliography mentions into one seed per distinct work.

    Works with a DOI become DOI seeds; their ``cited_by`` lists every citing article and
    ``confidence`` is the best over the mentions. Works without a DOI are listed as
    unresolved; those with a PMID are still fetched, by PMID.
    """
    groups: dict[tuple[str, str], list[dict]] = {}
    for i, e in enumerate(entries):
        doi = ids.doi(e.get("doi"))
        pmid = str(e.get("pmid") or "").strip()
        if doi:
            key = ("doi", doi)
        elif pmid.isdigit():
            key = ("pmid", str(int(pmid)))
        else:
            key = ("none", e.get("work_key") or e.get("title") or f"mention {i}")
        groups.setdefault(key, []).append(e)

    seeds: list[Seed] = []
    unresolved: list[dict] = []
    for (kind, value), mentions in groups.items():
        first = mentions[0]
        cited_by = tuple(sorted({m.get("seed_file", "") for m in mentions} - {""}))
        confidence = max(
            (m.get("confidence") for m in mentions if m.get("confidence") in _CONFIDENCE_RANK),
            key=_CONFIDENCE_RANK.__getitem__,
            default=None,
        )
        title = next((m["title"] for m in mentions if m.get("title")), None)
        year = next((m["year"] for m in mentions if m.get("year")), None)
        if kind != "doi":
            unresolved.append(
                {
                    "title": title,
                    "year": year,
                    "cited_by": list(cited_by),
                    "confidence": confidence,
                    "pmid": value if kind == "pmid" else None,
                    "pmcid": next((m["pmcid"] for m in mentions if m.get("pmcid")), None),
                    "mention": first.get("mention"),
                    "reason": "no verified DOI; fetched by PMID" if kind == "pmid" else "no verified DOI or PMID",
                }
            )
        if kind == "none":
            continue
        seeds.append(Seed(kind=kind, value=value, title=title, year=year, cited_by=cited_by, confidence=confidence))
    return SeedList(seeds=tuple(seeds), source=source, unresolved=tuple(unresolved))


def seeds_from_manifest(recorded: dict) -> SeedList:
    """The seed list a run recorded in its manifest (``manifest["seeds"]``), to look at it again."""
    seeds = []
    for item in recorded.get("seeds", []):
        kind, value = parse_identifier(item["identifier"])
        cited_by = tuple(item.get("cited_by", ()))
        seeds.append(Seed(kind, value, title=item.get("title"), year=item.get("year"), cited_by=cited_by,
                          confidence=item.get("confidence"), line=item.get("line")))
    return SeedList(seeds=tuple(seeds), source=recorded.get("source", "manifest"),
                    unresolved=tuple(recorded.get("unresolved", ())))


def default_seeds() -> SeedList:
    """The default seed list: the works the practitioner articles cite."""
    return seeds_from_bibliography(bibliography_entries())
