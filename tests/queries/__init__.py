"""Tests of the query helpers and their Cypher twins."""
