"""The shaping shared with the Cypher twins: row-based entry points agree with the helpers."""

from pandas.testing import assert_frame_equal

from queries import in_memory, shaping
from queries.associations import chains, mechanisms_for
from tests.queries.graphs import NP, tiny


def test_frame_dtypes_and_missing_keys():
    got = shaping.frame([{"work": "work:W1"}], {"work": "object", "year": "Int64"})
    assert got.dtypes.astype(str).tolist() == ["object", "Int64"]
    assert got["year"].isna().all() and got.loc[0, "work"] == "work:W1"


def test_associations_frame_from_mention_rows_equals_mechanisms_for():
    """What a twin fetches (one row per mechanism mention in works mentioning the condition,
    duplicated once per condition mention) gives the same table."""
    G = tiny()
    rows = []
    for work in in_memory.works_mentioning(G, NP):
        for _ in range(2):  # duplicates are harmless
            for target, keyed in G.succ[work].items():
                if target.startswith("mechanism:"):
                    for a in keyed.values():
                        rows.append(in_memory.work_record(G, work) | {
                            "key": target, "label": G.nodes[target]["label"],
                            "direction": a["direction"], "negated": a["negated"]})
    assert_frame_equal(shaping.associations_frame(rows, key="mechanism"), mechanisms_for(G, "neuropathic pain"))


def test_chain_row_picks_the_first_weakest_hop():
    hops = {("i", "m"): {"studies": 2, "direction": "up", "score": 3},
            ("m", "c"): {"studies": 1, "direction": None, "score": 3}}
    row = shaping.chain_row(("i", "m", "c"), hops, {"i": "I", "m": "M", "c": "C"})
    assert (row["path"], row["weakest_hop"], row["weakest_score"], row["hop_studies"]) == ("I → M → C", "I → M", 3, [2, 1])
    assert len(chains(tiny(), "EA", "neuropathic pain", max_len=2)) == 2
