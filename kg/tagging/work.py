"""Tagging an OpenAlex work: title, abstract, keywords and MeSH terms, each with its field."""

from __future__ import annotations

from functools import lru_cache

from kg import mesh
from kg.tagging.mention import Mention, new_mention
from kg.tagging.reading import tag, tag_text
from kg.text import abstract_text
from kg.vocabulary import Term, lookup, vocabulary

def tag_work(work: dict, *, abstract: str | None = None) -> list[Mention]:
    """Mentions in an OpenAlex work: title, abstract, keywords and MeSH, each with its field.

    Title and abstract mentions carry offsets into the field's text (the abstract is rebuilt
    from ``abstract_inverted_index`` unless the caller passes it, already rebuilt, as
    ``abstract``). Keyword and MeSH mentions carry the term's index in
    its list as ``start``, ``end`` and ``sentence``, and no negation or direction; a MeSH
    descriptor listed once per qualifier gives one mention per entry. Ambiguous
    abbreviations count when the work names the concept unambiguously anywhere.
    """
    if not isinstance(work, dict):
        raise TypeError(f"tag_work() needs a work dict, got {type(work).__name__}")
    title = work.get("title") or work.get("display_name") or ""
    if abstract is None:
        try:
            abstract = abstract_text(work.get("abstract_inverted_index")) or ""
        except ValueError as exc:
            raise ValueError(f"work {work.get('id')!r}: {exc}") from None
    keywords = [k.get("display_name") or "" if isinstance(k, dict) else str(k) for k in work.get("keywords") or ()]
    pre_title, left_title = tag_text(title, field="title")
    pre_abstract, left_abstract = tag_text(abstract, field="abstract")
    defined = {m.concept for m in pre_title + pre_abstract}
    kw_concepts = [lookup(kw) for kw in keywords]
    defined.update(c.id for c in kw_concepts if c is not None)
    # a second pass only where an ambiguous abbreviation is named in full elsewhere in the work
    if left_title & defined:
        pre_title = tag_text(title, defined, "title")[0]
    if left_abstract & defined:
        pre_abstract = tag_text(abstract, defined, "abstract")[0]
    out: list[Mention] = pre_title + pre_abstract
    for i, (kw, c) in enumerate(zip(keywords, kw_concepts)):
        if c:
            found: tuple[str, ...] = (c.id,)
        else:
            found, left_out = _keyword_concepts(kw)
            if left_out & defined:
                found = tuple(dict.fromkeys(m.concept for m in tag(kw, defined=defined)))
        for concept_id in found:
            out.append(new_mention(_concept(concept_id), i, i, i, False, None, kw, "keywords"))
    for e in mesh.entries(work.get("mesh")):
        c = mesh.concept(e.name, e.descriptor_ui)
        if c:
            out.append(new_mention(c, e.index, e.index, e.index, False, None, e.name, "mesh"))
    return out


@lru_cache(maxsize=1 << 14)
def _keyword_concepts(keyword: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """Term ids a keyword names (in order, each once), and ambiguous ones it left out."""
    mentions, left_out = tag_text(keyword)
    return tuple(dict.fromkeys(m.concept for m in mentions)), left_out


def _concept(concept_id: str) -> Term:
    return vocabulary().by_id[concept_id]
