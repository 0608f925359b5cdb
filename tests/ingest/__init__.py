"""Tests of the ingest: seeds, transport, job, store and enrichment."""
