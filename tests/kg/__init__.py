"""Tests of the graph: ids, vocabulary, tagging, classification, build, store."""
