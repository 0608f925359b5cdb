"""The OpenAlex JSON text of a synthetic work, written field by field.

Only the fields a ``select`` names are generated; pieces that repeat across works
(authorships, venues, MeSH entries) are encoded once.
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from ingest.standin.draws import DANGLING_BASE, ID_BASE, PUBLISHERS, TYPES, VENUES
from ingest.standin.writing import INSTITUTIONS

if TYPE_CHECKING:
    from ingest.standin.corpus import SyntheticCorpus

UPDATED_DATE = "2026-01-01T00:00:00.000000"


def _invert(text: str) -> dict[str, list[int]]:
    """OpenAlex's abstract_inverted_index of a text (tokens split on spaces, punctuation kept)."""
    out: dict[str, list[int]] = {}
    for pos, token in enumerate(text.split(" ")):
        seen = out.get(token)
        if seen is None:
            out[token] = [pos]
        else:
            seen.append(pos)
    return out



# ---------------------------------------------------------------------------------------
# JSON text of the work fields

#: Root fields of a work dict, in the order :meth:`SyntheticCorpus.work` gives them.
WORK_FIELDS = (
    "id", "doi", "title", "display_name", "publication_year", "publication_date", "ids", "language",
    "primary_location", "type", "authorships", "cited_by_count", "is_retracted", "is_paratext",
    "keywords", "mesh", "concepts", "topics", "referenced_works_count", "referenced_works",
    "related_works", "abstract_inverted_index", "counts_by_year", "cited_by_api_url", "updated_date",
    "created_date",
)
_TEXT_FIELDS = frozenset({"title", "display_name", "keywords", "mesh", "abstract_inverted_index"})
_META_FIELDS = frozenset({"primary_location", "authorships", "related_works"})
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_encode = _ENCODER.encode
_str = json.encoder.encode_basestring  # a str as JSON, non-ASCII kept (as ensure_ascii=False)
_W = "https://openalex.org/W"
_LANDING = "\x00landing\x00"
#: JSON fragments that repeat across works, built on first use.
_AUTHORS: dict[tuple[str, str, str], str] = {}
_VENUES: dict[int, tuple[str, str]] = {}
_MESH: dict[tuple, str] = {}


def _urls(numbers: list[int]) -> str:
    """A JSON list of ``https://openalex.org/W<number>`` strings."""
    if not numbers:
        return "[]"
    return '["' + _W + f'","{_W}'.join(map(str, numbers)) + '"]'


def _date(c: SyntheticCorpus, i: int) -> dt.date:
    return dt.date.fromordinal(int(c._ordinal[i]))


def _doi_url(c: SyntheticCorpus, i: int) -> str:
    doi = c.doi(i)
    return f'"https://doi.org/{doi}"' if doi else "null"


def _ids(c: SyntheticCorpus, i: int, text, meta) -> str:
    out = f'{{"openalex":"{_W}{ID_BASE + i}"'
    doi, pmid = c.doi(i), c.openalex_pmid(i)
    if doi:
        out += f',"doi":"https://doi.org/{doi}"'
    if pmid:
        out += f',"pmid":"https://pubmed.ncbi.nlm.nih.gov/{pmid}"'
    return out + "}"


def _venue_parts(v: int) -> tuple[str, str]:
    """The primary_location JSON of venue ``v`` before and after its landing page URL."""
    parts = _VENUES.get(v)
    if parts is None:
        location = {
            "is_oa": False,
            "landing_page_url": _LANDING,
            "pdf_url": None,
            "source": {
                "id": f"https://openalex.org/S{ID_BASE + v}",
                "display_name": VENUES[v],
                "issn_l": None,
                "issn": None,
                "is_oa": False,
                "is_in_doaj": False,
                "host_organization": None,
                "host_organization_name": PUBLISHERS[v],
                "type": "journal",
            },
            "license": None,
            "version": "publishedVersion",
            "is_accepted": True,
            "is_published": True,
        }
        head, tail = _encode(location).split(_str(_LANDING))
        parts = _VENUES[v] = (head, tail)
    return parts


def _primary_location(c: SyntheticCorpus, i: int, text, meta) -> str:
    head, tail = _venue_parts(meta[0])
    return head + _doi_url(c, i) + tail


def _author(name: str, inst: str, position: str) -> str:
    key = (name, inst, position)
    frag = _AUTHORS.get(key)
    if frag is None:
        inst_id = f"https://openalex.org/I{ID_BASE + INSTITUTIONS.index(inst)}"
        frag = _AUTHORS[key] = _encode(
            {
                "author_position": position,
                "author": {
                    "id": f"https://openalex.org/A{ID_BASE + zlib.crc32(name.encode()) % 10**9}",
                    "display_name": name,
                    "orcid": None,
                },
                "institutions": [
                    {
                        "id": inst_id,
                        "display_name": inst,
                        "ror": None,
                        "country_code": None,
                        "type": "education",
                        "lineage": [inst_id],
                    }
                ],
                "countries": [],
                "is_corresponding": position == "first",
                "raw_author_name": name,
                "raw_affiliation_strings": [inst],
            }
        )
    return frag


def _authorships(c: SyntheticCorpus, i: int, text, meta) -> str:
    return "[" + ",".join([_author(*a) for a in meta[1]]) + "]"


def _mesh_entry(m: dict) -> str:
    key = tuple(m.values())
    frag = _MESH.get(key)
    if frag is None:
        frag = _MESH[key] = _encode(m)
    return frag


def _keywords(c: SyntheticCorpus, i: int, text, meta) -> str:
    return "[" + ",".join([f'{{"id":{_str(k["id"])},"display_name":{_str(k["display_name"])},'
                           f'"score":{float.__repr__(k["score"])}}}' for k in text["keywords"]]) + "]"


def _references(c: SyntheticCorpus, i: int) -> list[int]:
    """Id numbers of a work's references: dangling ones first, then the served ones in order."""
    served = (c._ref_tgt[c._ref_off[i] : c._ref_off[i + 1]] + np.int64(ID_BASE)).tolist()
    dangling = int(c._dangling[i])
    return [DANGLING_BASE + 2 * i + k for k in range(dangling)] + served if dangling else served


def _abstract(c: SyntheticCorpus, i: int, text, meta) -> str:
    return _encode(_invert(text["abstract"])) if text["abstract"] else "null"


def _counts(c: SyntheticCorpus, i: int, text, meta) -> str:
    return "[" + ",".join([f'{{"year":{y},"cited_by_count":{n}}}' for y, n in c._counts_by_year(i)]) + "]"

_FIELD_JSON = {
    "id": lambda c, i, t, m: f'"{_W}{ID_BASE + i}"',
    "doi": lambda c, i, t, m: _doi_url(c, i),
    "title": lambda c, i, t, m: _str(t["title"]),
    "display_name": lambda c, i, t, m: _str(t["title"]),
    "publication_year": lambda c, i, t, m: str(int(c._year[i])),
    "publication_date": lambda c, i, t, m: f'"{_date(c, i).isoformat()}"',
    "ids": _ids,
    "language": lambda c, i, t, m: '"en"',
    "primary_location": _primary_location,
    "type": lambda c, i, t, m: f'"{TYPES[c._type[i]]}"',
    "authorships": _authorships,
    "cited_by_count": lambda c, i, t, m: str(int(c._cited[i])),
    "is_retracted": lambda c, i, t, m: "true" if c._retracted[i] else "false",
    "is_paratext": lambda c, i, t, m: "false",
    "keywords": _keywords,
    "mesh": lambda c, i, t, m: "[" + ",".join([_mesh_entry(x) for x in t["mesh"]]) + "]",
    "concepts": lambda c, i, t, m: "[]",
    "topics": lambda c, i, t, m: "[]",
    "referenced_works_count": lambda c, i, t, m: str(int(c._dangling[i]) + int(c._ref_off[i + 1] - c._ref_off[i])),
    "referenced_works": lambda c, i, t, m: _urls(_references(c, i)),
    "related_works": lambda c, i, t, m: _urls([ID_BASE + r for r in m[2]]),
    "abstract_inverted_index": _abstract,
    "counts_by_year": _counts,
    "cited_by_api_url": lambda c, i, t, m: f'"https://api.openalex.org/works?filter=cites:W{ID_BASE + i}"',
    "updated_date": lambda c, i, t, m: f'"{UPDATED_DATE}"',
    "created_date": lambda c, i, t, m: f'"{max(_date(c, i), dt.date(2016, 6, 24)).isoformat()}"',
}


@lru_cache(maxsize=64)
def _plan(select: tuple[str, ...]) -> tuple[tuple[tuple[str, object], ...], bool, bool]:
    """How to write the fields of a ``select``: ``(key + ":", writer)`` per distinct field (a
    field the corpus does not hold writes ``null``), and whether text and meta are needed."""
    names = tuple(dict.fromkeys(select))
    fields = tuple((_str(name) + ":", _FIELD_JSON.get(name, _null)) for name in names)
    return fields, not _TEXT_FIELDS.isdisjoint(names), not _META_FIELDS.isdisjoint(names)


def _null(c: SyntheticCorpus, i: int, text, meta) -> str:
    return "null"
