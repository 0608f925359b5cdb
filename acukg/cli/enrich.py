"""``acukg enrich``: fetch the PubMed records (abstracts, MeSH, publication types) of the stored works."""

from __future__ import annotations

import click

from acukg.cli.common import data_option, quiet_option, settings_for


def format_summary(summary: dict, store: str) -> str:
    """The lines printed after an enrichment run."""
    missing = sum(summary["missing"].values())
    lookups = summary["doi_lookups"]
    return "\n".join([
        f"PubMed: {summary['found']} records fetched ({summary['with_abstract']} with an abstract),"
        f" {summary['already_held']} already held, {missing} PMIDs not in PubMed",
        f"DOI look-ups: {lookups['searched']} DOIs searched, {lookups['pmids_found']} PMIDs found",
        f"{summary['store']['records']} PubMed records in {store}"
        f" ({summary['store']['with_abstract']} with an abstract);"
        f" {summary['requests']} requests, {summary['retries']} retries at {summary['rate_limit']:g}/s",
    ])


@click.command("enrich")
@data_option
@click.option("--retry-missing", is_flag=True, help="Ask again for PMIDs PubMed did not return before.")
@quiet_option
def enrich(data_dir, retry_missing, quiet):
    """Fetch the PubMed records of the stored works: abstracts OpenAlex lacks, MeSH, publication types.

    Works with a PMID are fetched with EFetch (200 a request); works with only a DOI are looked
    up by DOI first. Resumable: run the same command again after an interruption. Uses
    NCBI_API_KEY (10 requests/s instead of 3), NCBI_EMAIL, NCBI_TOOL and PUBMED_URL if set.
    """
    from acukg.cli.ingest import quiet_logs
    from acukg.interrupt import resumable
    from acukg.pipeline import enrich_summary
    from ingest.enrich import EnrichOptions, enrich as run_enrich
    from ingest.progress import Progress

    quiet_logs(quiet)
    settings = settings_for(data_dir)
    with resumable(_records_saved(settings.store_path)):
        manifest = run_enrich(settings, options=EnrichOptions(retry_missing=retry_missing),
                              progress=Progress(quiet=quiet))
    click.echo(format_summary(enrich_summary(manifest), str(settings.store_path)))


def _records_saved(store_path):
    """What Ctrl-C leaves: the PubMed records the store holds."""

    def count() -> str:
        from ingest.pubmed_store import counts
        from ingest.store import RecordStore

        with RecordStore(store_path) as store:
            return f"{counts(store)['records']:,} PubMed records saved in {store_path}"

    return count
