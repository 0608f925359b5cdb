"""Plots: the tables behind each figure (exact), and the PNG and SVG files written."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from kg.views.plots import (
    design_species_table,
    evidence_heatmap_table,
    studies_per_year_table,
    write_plots,
)


def test_evidence_heatmap_table_counts_studies_per_mechanism_and_condition(tiny):
    table = evidence_heatmap_table(tiny)
    assert table.to_dict() == {
        "neuropathic pain": {"IL-10": 2, "brain-derived neurotrophic factor": 0},
        "sciatic nerve injury": {"IL-10": 0, "brain-derived neurotrophic factor": 2},
    }
    assert (table.index.name, table.columns.name) == ("mechanism", "condition")
    # intervention -> mechanism associations are not mechanism x condition cells
    assert "GABA" not in table.index
    assert evidence_heatmap_table(tiny, top=1).shape == (1, 1)


def test_studies_per_year_counts_distinct_dated_works(tiny):
    table = studies_per_year_table(tiny)
    assert list(table.columns) == ["IL-10", "brain-derived neurotrophic factor", "GABA"]
    assert (table.index.min(), table.index.max()) == (2010, 2019)
    # W1 mentions BDNF twice (title and abstract): one work
    assert table.loc[2012, "brain-derived neurotrophic factor"] == 1
    assert table["brain-derived neurotrophic factor"].sum() == 2
    assert table.loc[2016, "IL-10"] == 1 and table.loc[2011].sum() == 0
    assert list(studies_per_year_table(tiny, top=1).columns) == ["IL-10"]


def test_design_species_table(tiny):
    table = design_species_table(tiny)
    assert list(table.index) == ["systematic_review", "rct", "observational", "animal",
                                 "in_vitro", "review", "unknown"]
    assert list(table.columns) == ["human", "rat", "mouse", "unknown"]
    assert table.loc["rct", "human"] == 2 and table.loc["animal", "mouse"] == 1
    assert table.values.sum() == 9


@pytest.mark.slow
def test_write_plots_writes_png_and_svg(tiny, tmp_path):
    written = write_plots(tiny, tmp_path / "plots")
    assert set(written) == {"evidence_heatmap", "studies_per_year", "design_species"}
    for paths in written.values():
        png, svg = paths
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000
        root = ET.parse(svg).getroot()
        assert root.tag.endswith("svg")
        assert not [el for el in root.iter() if el.tag.endswith("script")]
    assert "SYNTHETIC DATA" in (tmp_path / "plots" / "design_species.svg").read_text()


@pytest.mark.slow
def test_plots_of_an_empty_graph(tmp_path):
    G = nx.MultiDiGraph()
    assert evidence_heatmap_table(G).empty and studies_per_year_table(G).empty
    assert design_species_table(G).empty
    written = write_plots(G, tmp_path)
    assert all(p.exists() for paths in written.values() for p in paths)
