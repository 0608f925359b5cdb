"""kg.ids: every id cleaned up in one place."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg import ids


def test_each_id_kind():
    assert ids.doi("HTTPS://DX.DOI.ORG/10.1234/AbC") == "10.1234/abc"
    assert ids.doi("") is None and ids.doi("not a doi") is None and ids.doi(None) is None
    assert ids.doi("10.12/x") is None  # a registrant code has four to nine digits
    assert ids.pmid(42) == "42" and ids.pmid("pmid") is None and ids.pmid(True) is None and ids.pmid(0) is None
    assert ids.pmcid("PMC123") == "PMC123" and ids.pmcid("123") is None
    assert ids.openalex("W12") == "W12" and ids.openalex("https://openalex.org/S1") is None
    assert ids.openalex("https://api.openalex.org/works/w7") == "W7"
    assert ids.openalex("https://example.org/W12") is None


def test_work_node_rejects_what_is_no_work_id():
    with pytest.raises(ValueError, match="not an OpenAlex work id"):
        ids.work_node("S12")


@given(st.from_regex(r"10\.[0-9]{4,5}/[A-Za-z0-9._()-]{1,20}", fullmatch=True),
       st.sampled_from(["", "doi:", "https://doi.org/", "http://dx.doi.org/", "doi.org/"]))
def test_doi_strips_any_prefix_and_is_idempotent(doi, prefix):
    out = ids.doi(prefix + doi)
    assert out == doi.lower() and ids.doi(out) == out
