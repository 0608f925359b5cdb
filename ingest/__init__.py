"""Fetching the literature: OpenAlex works and their PubMed records, into the record store."""
