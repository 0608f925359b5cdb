"""The stand-in's title search: ``filter=title.search:`` and ``search=`` keep the works whose
title holds every word asked."""

from __future__ import annotations

import json
import re

import pytest

from ingest.standin.api import handle, to_json
from ingest.standin.corpus import SyntheticCorpus


@pytest.fixture(scope="module")
def corpus():
    return SyntheticCorpus(400, 7)


def titles(corpus):
    return [json.loads(corpus.json_of(i, ("title",)))["title"] for i in range(corpus.size)]


def ask(corpus, **query):
    reply = handle(corpus, "/works", {k: [v] for k, v in query.items()} | {"per-page": ["200"]})
    return json.loads(to_json(reply.body))


def words(text):
    return set(re.findall(r"[^\W_]+", text.lower()))


@pytest.mark.parametrize("i", [3, 50, 333])
def test_a_title_finds_its_work_and_only_works_holding_every_word(corpus, i):
    all_titles = titles(corpus)
    title = all_titles[i]
    wanted = words(title) - {"synthetic"}
    expected = {corpus.openalex_id(j) for j, t in enumerate(all_titles) if wanted <= words(t)}
    for query in ({"filter": "title.search:" + " ".join(sorted(wanted))}, {"search": title.replace(",", " ")}):
        got = ask(corpus, **query)
        ids = {w["id"].rsplit("/", 1)[-1] for w in got["results"]}
        assert corpus.openalex_id(i) in ids and ids == expected and got["meta"]["count"] == len(expected)


def test_no_match_and_empty_search(corpus):
    assert ask(corpus, filter="title.search:zzyzx")["meta"]["count"] == 0
    reply = handle(corpus, "/works", {"search": [""]})
    assert reply.status == 400 and "search cannot be empty" in to_json(reply.body)
