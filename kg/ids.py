"""Identifiers of works, each cleaned up in one place: DOI, PMID, PMC id and OpenAlex id.

Every function takes what a record, a user or a URL may hold and returns the bare,
canonical form (or None when the value is not such an id): DOIs lower case without a
``doi:``/URL prefix, PMIDs as digits, PMC ids as ``PMC…``, OpenAlex ids short (``W…``).
A work's node id in the graph is ``work:`` + its short OpenAlex id.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

_DOI = re.compile(r"10\.\d{4,9}/\S+")
_DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi.org/",
                 "dx.doi.org/", "doi:")
_OPENALEX = re.compile(r"(?:https?://(?:www\.|api\.)?openalex\.org/(?:works/)?|openalex:)?(w\d+)/?", re.IGNORECASE)
_PMID = re.compile(r"(?:pmid:\s*|https?://(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/)?(\d+)/?",
                   re.IGNORECASE)
_PMCID = re.compile(r"(?:https?://\S*?/)?(?:pmc)(\d+)/?", re.IGNORECASE)
_OPENALEX_URL = "https://openalex.org/W"


def doi(value) -> str | None:
    """The bare lower-case DOI of a bare, ``doi:`` or doi.org URL form; None if it is none.

    >>> doi("https://doi.org/10.7717/PeerJ.4375"), doi("doi: 10.1155/2013/436913")
    ('10.7717/peerj.4375', '10.1155/2013/436913')
    >>> doi("http://dx.doi.org/10.1000/a%2Fb"), doi("not a doi")
    ('10.1000/a/b', None)
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    low = text.lower()
    for prefix in _DOI_PREFIXES:
        if low.startswith(prefix):
            text = text[len(prefix):].strip()
            if prefix != "doi:":
                text = unquote(text)
            break
    return text.lower() if _DOI.fullmatch(text) else None


def pmid(value) -> str | None:
    """PMID digits from a number, ``pmid:N`` or a PubMed URL; None if it is none.

    >>> pmid("https://pubmed.ncbi.nlm.nih.gov/29456894"), pmid("PMID: 0123"), pmid(42), pmid("x")
    ('29456894', '123', '42', None)
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value) if value > 0 else None
    if not isinstance(value, str):
        return None
    match = _PMID.fullmatch(value.strip())
    return str(int(match.group(1))) if match and int(match.group(1)) else None


def pmcid(value) -> str | None:
    """``PMC…`` from a PMC id in any case or a PMC article URL; None if it is none.

    >>> pmcid("pmc5334499"), pmcid("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC5334499/"), pmcid("5334499")
    ('PMC5334499', 'PMC5334499', None)
    """
    if not isinstance(value, str):
        return None
    match = _PMCID.fullmatch(value.strip())
    return "PMC" + match.group(1) if match else None


def openalex(value) -> str | None:
    """The short OpenAlex work id (``W…``) of a short or URL form, any case; None if it is none.

    >>> openalex("https://openalex.org/w2741809807"), openalex("W12"), openalex("10.1/x")
    ('W2741809807', 'W12', None)
    """
    if not isinstance(value, str):
        return None
    if value.startswith(_OPENALEX_URL) and value[22:].isdigit():  # the usual form, fast
        return value[21:]
    match = _OPENALEX.fullmatch(value.strip())
    return "W" + match.group(1)[1:] if match else None


def work_node(value) -> str:
    """The graph node id of a work, from its OpenAlex id (short or URL) or node id.

    >>> work_node("https://openalex.org/W2741809807"), work_node("work:W1")
    ('work:W2741809807', 'work:W1')

    Raises ValueError when ``value`` is no OpenAlex work id.
    """
    short = openalex(value[5:] if isinstance(value, str) and value.startswith("work:") else value)
    if short is None:
        raise ValueError(f"not an OpenAlex work id: {value!r}")
    return "work:" + short


def openalex_of(node_id: str) -> str:
    """The short OpenAlex id of a work node id (``work:W1`` → ``W1``).

    >>> openalex_of("work:W1")
    'W1'
    """
    return node_id.split(":", 1)[1]
