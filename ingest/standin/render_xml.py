"""The PubMed records of the synthetic corpus, as EFetch and ESearch send them.

A work with a PMID has a ``PubmedArticle`` in the shape of a real EFetch answer (DTD
``pubmed_250101``): ``MedlineCitation`` with the title, the abstract (for works with a human
design, structured: BACKGROUND, METHODS, RESULTS and CONCLUSIONS sections with their NLM
categories; otherwise one unlabelled part), MeSH headings with their qualifiers (one
``MeshHeading`` per descriptor), NLM publication types from the work's design, author
keywords, and ``PubmedData/ArticleIdList`` with the PMID and the DOI. The abstract is the one
OpenAlex serves or withholds. One record in eight is still being indexed (Status
``In-Process`` or ``Publisher``): no MeSH, and only the generic "Journal Article" type.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

if TYPE_CHECKING:
    from ingest.standin.corpus import SyntheticCorpus

HEAD = ('<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
        '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n<PubmedArticleSet>')
TAIL = "</PubmedArticleSet>"
JOURNAL_ARTICLE = ("D016428", "Journal Article")
#: NLM publication types of each design (after "Journal Article" unless the design is the first).
PUBLICATION_TYPES = {
    "systematic_review": (("D000078182", "Systematic Review"), ("D017418", "Meta-Analysis")),
    "rct": (("D016449", "Randomized Controlled Trial"),),
    "observational": (("D064888", "Observational Study"),),
    "case_report": (("D002363", "Case Reports"),),
    "review": (("D016454", "Review"),),
    "protocol": (("D000078325", "Clinical Trial Protocol"),),
    "animal": (("D013485", "Research Support, Non-U.S. Gov't"),),
    "in_vitro": (("D013485", "Research Support, Non-U.S. Gov't"),),
}
STRUCTURED = frozenset({"systematic_review", "rct", "observational", "protocol"})
SECTIONS = (("BACKGROUND", "BACKGROUND"), ("METHODS", "METHODS"), ("RESULTS", "RESULTS"),
            ("CONCLUSIONS", "CONCLUSIONS"))
IN_PROCESS_SHARE = 0.125


def sections(sentences: tuple[str, ...], structured: bool) -> list[tuple[str | None, str | None, str]]:
    """``(label, category, text)`` parts of an abstract: one unlabelled part, or the first
    sentence as background, the last as conclusions, and the rest split into methods and
    results (empty parts left out).

    >>> [s[0] for s in sections(("A.", "B.", "C.", "D.", "E."), True)]
    ['BACKGROUND', 'METHODS', 'RESULTS', 'CONCLUSIONS']
    """
    if not sentences:
        return []
    if not structured or len(sentences) < 3:
        return [(None, None, " ".join(sentences))]
    middle = sentences[1:-1]
    half = (len(middle) + 1) // 2
    parts = (sentences[:1], middle[:half], middle[half:], sentences[-1:])
    return [(label, cat, " ".join(p)) for (label, cat), p in zip(SECTIONS, parts) if p]


def article_xml(c: "SyntheticCorpus", index: int) -> str:
    """The ``PubmedArticle`` element of the work at ``index`` (which must have a PMID)."""
    from kg.model import DESIGNS

    i = int(index)
    pmid = c.pmid(i)
    if pmid is None:
        raise KeyError(f"work #{i} of the synthetic corpus has no PMID")
    text = c._text(i, mentions=False)
    design = DESIGNS[c._design[i]]
    rng = c._rng(i, ":pubmed")
    in_process = rng.random() < IN_PROCESS_SHARE
    status = ("In-Process" if rng.random() < 0.5 else "Publisher") if in_process else "MEDLINE"
    year = int(c._year[i])
    out = [f'<PubmedArticle><MedlineCitation Status="{status}" Owner="NLM" IndexingMethod="Automated">'
           f'<PMID Version="1">{pmid}</PMID><Article PubModel="Print"><Journal><JournalIssue CitedMedium="Print">'
           f"<PubDate><Year>{year}</Year></PubDate></JournalIssue><Title>{escape(c.venue(i))}</Title></Journal>"
           f"<ArticleTitle>{escape(text['title'])}</ArticleTitle>"]
    parts = sections(text["abstract_sentences"], design in STRUCTURED)
    if parts:
        out.append("<Abstract>")
        for label, category, body in parts:
            attrs = f" Label={quoteattr(label)} NlmCategory={quoteattr(category)}" if label else ""
            out.append(f"<AbstractText{attrs}>{escape(body)}</AbstractText>")
        out.append("</Abstract>")
    out.append("<Language>eng</Language><PublicationTypeList>")
    types = [JOURNAL_ARTICLE] + ([] if in_process else list(PUBLICATION_TYPES.get(design, ())))
    if design == "systematic_review" and rng.random() < 0.5:
        types = [t for t in types if t[1] != "Meta-Analysis"]
    for ui, name in types:
        out.append(f'<PublicationType UI="{ui}">{escape(name)}</PublicationType>')
    out.append("</PublicationTypeList></Article><MedlineJournalInfo><MedlineTA>"
               f"{escape(c.venue(i))}</MedlineTA></MedlineJournalInfo>")
    if text["mesh"] and not in_process:
        out.append(_mesh_xml(text["mesh"]))
    if text["keywords"]:
        out.append('<KeywordList Owner="NOTNLM">')
        out.extend(f'<Keyword MajorTopicYN="N">{escape(k["display_name"])}</Keyword>' for k in text["keywords"])
        out.append("</KeywordList>")
    out.append('</MedlineCitation><PubmedData><PublicationStatus>ppublish</PublicationStatus><ArticleIdList>'
               f'<ArticleId IdType="pubmed">{pmid}</ArticleId>')
    doi = c.doi(i)
    if doi:
        out.append(f'<ArticleId IdType="doi">{escape(doi)}</ArticleId>')
    out.append("</ArticleIdList></PubmedData></PubmedArticle>")
    return "".join(out)


def _mesh_xml(entries: list[dict]) -> str:
    """One ``MeshHeading`` per descriptor, its qualifiers in order (OpenAlex lists each
    descriptor once bare and once per qualifier)."""
    headings: dict[str, list] = {}
    for e in entries:
        h = headings.setdefault(e["descriptor_ui"], [e["descriptor_name"], False, []])
        if e["qualifier_name"]:
            h[2].append((e["qualifier_ui"], e["qualifier_name"], e["is_major_topic"]))
        else:
            h[1] = h[1] or e["is_major_topic"]
    out = ["<MeshHeadingList>"]
    for ui, (name, major, qualifiers) in headings.items():
        out.append(f'<MeshHeading><DescriptorName UI="{ui}" MajorTopicYN="{"Y" if major else "N"}">'
                   f"{escape(name)}</DescriptorName>")
        out.extend(f'<QualifierName UI="{q}" MajorTopicYN="{"Y" if m else "N"}">{escape(n)}</QualifierName>'
                   for q, n, m in qualifiers)
        out.append("</MeshHeading>")
    out.append("</MeshHeadingList>")
    return "".join(out)


def efetch_xml(c: "SyntheticCorpus", pmids: list[str]) -> str:
    """An EFetch answer for ``pmids``: the records the corpus has, in the order asked, each
    once; unknown PMIDs are left out (as PubMed does)."""
    seen: dict[int, None] = {}
    for p in pmids:
        i = c.index_of_pmid(p)
        if i is not None:
            seen.setdefault(i)
    return HEAD + "".join(article_xml(c, i) for i in seen) + TAIL


def esearch_xml(found: list[str], term: str) -> str:
    """An ESearch answer listing ``found`` PMIDs (with ``ErrorList`` when nothing matched)."""
    head = ('<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" '
            '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n')
    ids = "".join(f"<Id>{p}</Id>" for p in found)
    body = (f"<eSearchResult><Count>{len(found)}</Count><RetMax>{len(found)}</RetMax><RetStart>0</RetStart>"
            f"<IdList>{ids}</IdList><TranslationSet/>")
    if not found:
        body += f"<ErrorList><PhraseNotFound>{escape(term)}</PhraseNotFound></ErrorList>"
    return head + body + f"<QueryTranslation>{escape(term)}</QueryTranslation></eSearchResult>"
