"""PubMed E-utilities XML read into records: pure, bytes in, records out.

EFetch answers (``PubmedArticleSet`` of ``PubmedArticle`` and ``PubmedBookArticle``) are read
with Biopython's :func:`Bio.Entrez.read` (``escape=True``, so inline markup such as ``<i>`` and
MathML can be stripped without touching a literal ``<``); :func:`split_articles` cuts the same
bytes into one raw XML fragment per PMID for the record store. ESearch answers give PMIDs
(:func:`parse_esearch`). An ``<ERROR>`` answer raises :class:`~kg.errors.PubmedError` with
NCBI's message.

A record keeps what the graph uses: the abstract (labelled sections joined in order as
``LABEL: text``, each section's label and NLM category kept), MeSH headings (one per
descriptor, with its qualifiers and major-topic flags), NLM publication types, author
keywords and the article's own DOI and PMC id (from ``PubmedData/ArticleIdList``, never from
the reference list).
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import asdict, dataclass

from kg.errors import PubmedError

#: Bumped when the records this module makes change, so stored records are read again.
PARSER_VERSION = 1
#: The DOCTYPE of stored fragments read back (a DTD Biopython bundles).
DOCTYPE = (b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
           b'"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n')

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_ROOT = re.compile(rb"<(?!\?|!)([A-Za-z][\w.-]*)")
_ERROR = re.compile(rb"<ERROR>(.*?)</ERROR>", re.S)
_ARTICLE = re.compile(rb"<(PubmedArticle|PubmedBookArticle)[\s>].*?</\1>", re.S)
_PMID = re.compile(rb"<PMID[^>]*>\s*(\d+)\s*</PMID>")


class PubmedParseError(PubmedError, ValueError):
    """Bytes that are not the PubMed XML they should be (the message says what and where)."""


@dataclass(frozen=True)
class Section:
    """One part of an abstract: its printed label, NLM category and text (either may be None)."""

    label: str | None
    category: str | None
    text: str


@dataclass(frozen=True)
class Qualifier:
    ui: str | None
    name: str
    major: bool = False


@dataclass(frozen=True)
class MeshHeading:
    """One MeSH descriptor with its qualifiers; ``major`` is the descriptor's own flag."""

    ui: str | None
    name: str
    major: bool = False
    qualifiers: tuple[Qualifier, ...] = ()


@dataclass(frozen=True)
class PublicationType:
    ui: str | None
    name: str


@dataclass(frozen=True)
class PubmedRecord:
    """What acukg reads from one PubMed record."""

    pmid: str
    title: str | None = None
    abstract: str | None = None  # None when the record has no abstract (never "")
    sections: tuple[Section, ...] = ()
    mesh: tuple[MeshHeading, ...] = ()
    publication_types: tuple[PublicationType, ...] = ()
    keywords: tuple[str, ...] = ()
    doi: str | None = None
    pmcid: str | None = None
    book: bool = False
    status: str | None = None

    def mesh_entries(self) -> list[dict]:
        """MeSH as OpenAlex lists it (one entry per descriptor and qualifier), for :mod:`kg.mesh`."""
        out = []
        for h in self.mesh:
            out.append(dict(descriptor_ui=h.ui, descriptor_name=h.name, qualifier_ui="", qualifier_name=None,
                            is_major_topic=h.major))
            for q in h.qualifiers:
                out.append(dict(descriptor_ui=h.ui, descriptor_name=h.name, qualifier_ui=q.ui or "",
                                qualifier_name=q.name, is_major_topic=q.major))
        return out

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "PubmedRecord":
        """The record :meth:`to_dict` gave (lists read back as tuples)."""
        return cls(
            **{k: d.get(k) for k in ("pmid", "title", "abstract", "doi", "pmcid", "status")},
            book=bool(d.get("book")),
            sections=tuple(Section(**s) for s in d.get("sections") or ()),
            mesh=tuple(MeshHeading(h["ui"], h["name"], h["major"], tuple(Qualifier(**q) for q in h["qualifiers"]))
                       for h in d.get("mesh") or ()),
            publication_types=tuple(PublicationType(**p) for p in d.get("publication_types") or ()),
            keywords=tuple(d.get("keywords") or ()),
        )


def clean(value) -> str:
    """Text of an escaped Bio.Entrez string: markup dropped, entities read, whitespace collapsed.

    >>> clean("risk (<i>TERT</i>) p&lt;0.05, p<sub>trend</sub>")
    'risk (TERT) p<0.05, ptrend'
    """
    return _SPACE.sub(" ", html.unescape(_TAG.sub("", str(value)))).strip()


def root_of(data: bytes) -> str | None:
    """The name of the root element of an XML document (None if there is none)."""
    head = re.sub(rb"<!--.*?-->", b"", data[:4096], flags=re.S)
    head = re.sub(rb"<!DOCTYPE[^>]*>", b"", head)
    m = _ROOT.search(head)
    return m.group(1).decode("ascii", "replace") if m else None


def check_error(data: bytes, what: str = "E-utilities answer") -> None:
    """Raise :class:`PubmedError` with NCBI's message if the answer is an ``<ERROR>`` document.

    >>> check_error(b"<eFetchResult><ERROR> Error: Empty Response. Status: Timeout</ERROR></eFetchResult>")
    Traceback (most recent call last):
    ...
    kg.errors.PubmedError: eFetchResult error from E-utilities answer: Error: Empty Response. Status: Timeout
    """
    root = root_of(data)
    if root in ("PubmedArticleSet", "eSearchResult") and b"<ERROR>" not in data[:8192]:
        return
    m = _ERROR.search(data)
    if m:
        raise PubmedError(f"{root} error from {what}: {clean(m.group(1).decode('utf-8', 'replace'))}")


def _read(data: bytes, what: str):
    from Bio import Entrez

    try:
        return Entrez.read(io.BytesIO(data), escape=True)
    except Exception as exc:  # Bio raises ValueError, RuntimeError, ExpatError, ValidationError, ...
        raise PubmedParseError(f"{what} is not readable PubMed XML: {type(exc).__name__}: {exc}") from None


def parse_efetch(data: bytes, what: str = "EFetch answer") -> list[PubmedRecord]:
    """The records of an EFetch answer (``PubmedArticleSet``), in document order.

    Raises :class:`PubmedError` for an ``<ERROR>`` answer and :class:`PubmedParseError` for
    anything else that is not a ``PubmedArticleSet``.
    """
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"parse_efetch() needs bytes, got {type(data).__name__}")
    check_error(data, what)
    root = root_of(data)
    if root != "PubmedArticleSet":
        raise PubmedParseError(f"{what}: expected a PubmedArticleSet, got {root or 'no XML element'}")
    doc = _read(bytes(data), what)
    out = [_article(a, what) for a in doc.get("PubmedArticle", ())]
    out += [_book(a, what) for a in doc.get("PubmedBookArticle", ())]
    order = {pmid: i for i, (pmid, _) in enumerate(split_articles(data))}
    return sorted(out, key=lambda r: order.get(r.pmid, 0))


def parse_fragments(fragments: list[bytes], what: str = "stored PubMed records") -> list[PubmedRecord]:
    """Read raw article fragments (as :func:`split_articles` cut them) back into records."""
    return parse_efetch(DOCTYPE + b"<PubmedArticleSet>" + b"".join(fragments) + b"</PubmedArticleSet>", what)


def split_articles(data: bytes) -> list[tuple[str, bytes]]:
    """``(pmid, raw XML)`` of each article of an EFetch answer, in order.

    >>> split_articles(b"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID Version='1'>7</PMID>"
    ...                b"</MedlineCitation></PubmedArticle></PubmedArticleSet>")[0][0]
    '7'
    """
    out = []
    for m in _ARTICLE.finditer(data):
        pmid = _PMID.search(m.group(0))
        if pmid is None:
            raise PubmedParseError(f"an EFetch article at byte {m.start()} has no PMID")
        out.append((pmid.group(1).decode(), m.group(0)))
    return out


def parse_esearch(data: bytes, what: str = "ESearch answer") -> list[str]:
    """The PMIDs an ESearch answer lists (empty when nothing matched)."""
    check_error(data, what)
    root = root_of(data)
    if root != "eSearchResult":
        raise PubmedParseError(f"{what}: expected an eSearchResult, got {root or 'no XML element'}")
    doc = _read(bytes(data), what)
    return [str(i) for i in doc.get("IdList", ())]


def _abstract(node) -> tuple[str | None, tuple[Section, ...]]:
    parts = []
    for t in (node or {}).get("AbstractText", ()) if isinstance(node, dict) else ():
        attrs = getattr(t, "attributes", {}) or {}
        text = clean(t)
        if text:
            parts.append(Section(attrs.get("Label") or None, attrs.get("NlmCategory") or None, text))
    if not parts:
        return None, ()
    return "\n".join(f"{p.label}: {p.text}" if p.label else p.text for p in parts), tuple(parts)


def _flag(value) -> bool:
    return (getattr(value, "attributes", {}) or {}).get("MajorTopicYN") == "Y"


def _ui(value) -> str | None:
    return (getattr(value, "attributes", {}) or {}).get("UI") or None


def _mesh(citation: dict) -> tuple[MeshHeading, ...]:
    out = []
    for h in citation.get("MeshHeadingList", ()):
        d = h["DescriptorName"]
        qualifiers = tuple(Qualifier(_ui(q), clean(q), _flag(q)) for q in h.get("QualifierName", ()))
        out.append(MeshHeading(_ui(d), clean(d), _flag(d), qualifiers))
    return tuple(out)


def _types(values) -> tuple[PublicationType, ...]:
    return tuple(PublicationType(_ui(p), clean(p)) for p in values or ())


def _keywords(holder: dict) -> tuple[str, ...]:
    out = [clean(k) for lst in holder.get("KeywordList", ()) for k in lst]
    return tuple(dict.fromkeys(k for k in out if k))


def _ids(id_list) -> tuple[str | None, str | None]:
    from kg import ids

    doi = pmc = None
    for item in id_list or ():
        kind = (getattr(item, "attributes", {}) or {}).get("IdType")
        if kind == "doi" and doi is None:
            doi = ids.doi(str(item))
        elif kind in ("pmc", "pmcid") and pmc is None:
            pmc = ids.pmcid(str(item))
    return doi, pmc


def _article(a: dict, what: str) -> PubmedRecord:
    citation = a.get("MedlineCitation") or {}
    if "PMID" not in citation:
        raise PubmedParseError(f"{what}: a PubmedArticle has no MedlineCitation/PMID")
    art = citation.get("Article") or {}
    abstract, sections = _abstract(art.get("Abstract"))
    doi, pmc = _ids((a.get("PubmedData") or {}).get("ArticleIdList"))
    if doi is None:
        from kg import ids

        doi = next((ids.doi(str(e)) for e in art.get("ELocationID", ())
                    if (getattr(e, "attributes", {}) or {}).get("EIdType") == "doi"), None)
    return PubmedRecord(
        pmid=str(citation["PMID"]),
        title=clean(art.get("ArticleTitle", "")) or None,
        abstract=abstract,
        sections=sections,
        mesh=_mesh(citation),
        publication_types=_types(art.get("PublicationTypeList")),
        keywords=_keywords(citation),
        doi=doi,
        pmcid=pmc,
        status=(getattr(citation, "attributes", {}) or {}).get("Status"),
    )


def _book(a: dict, what: str) -> PubmedRecord:
    doc = a.get("BookDocument") or {}
    if "PMID" not in doc:
        raise PubmedParseError(f"{what}: a PubmedBookArticle has no BookDocument/PMID")
    abstract, sections = _abstract(doc.get("Abstract"))
    doi, pmc = _ids(doc.get("ArticleIdList"))
    title = doc.get("ArticleTitle") or (doc.get("Book") or {}).get("BookTitle", "")
    return PubmedRecord(
        pmid=str(doc["PMID"]),
        title=clean(title) or None,
        abstract=abstract,
        sections=sections,
        publication_types=_types(doc.get("PublicationType")),
        keywords=_keywords(doc),
        doi=doi,
        pmcid=pmc,
        book=True,
    )
