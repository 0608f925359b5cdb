"""Tests of the graph database backends, against a real FalkorDB server."""
