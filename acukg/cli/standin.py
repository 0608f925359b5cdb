"""``acukg standin``: serve a synthetic OpenAlex on loopback until interrupted."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import click


def _write_seeds(path: Path, server) -> None:
    """The demo seed works as a seeds file: one W id per line, the DOI it stands for as a comment."""
    lines = [f"# synthetic stand-ins for the bibliography's works, served at {server.url}"]
    lines += [f"{s.openalex_id}  # stands for {s.stands_for_doi}" for s in server.corpus.demo_seeds()]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)  # whole or absent, so a reader never sees half of it


@click.command("standin")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port on 127.0.0.1 (0 picks a free one).")
@click.option("--works", "size", type=click.IntRange(min=60), default=10_000, show_default=True,
              help="Number of synthetic works.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the synthetic corpus.")
@click.option("--rate-limit", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Requests per second before 429s (default: no limit).")
@click.option("--latency", type=click.FloatRange(min=0), default=0.0, show_default=True,
              help="Seconds added to every answer.")
@click.option("--daily-budget", type=click.IntRange(min=0), default=1_000_000, show_default=True,
              help="Credits per UTC day (list request 1, singleton 0).")
@click.option("--seeds-out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the demo seed works to this file, for `acukg ingest --seeds FILE`.")
def standin(port: int, size: int, seed: int, rate_limit: float | None, latency: float, daily_budget: int,
            seeds_out: Path | None) -> None:
    """Serve a synthetic OpenAlex on 127.0.0.1 until Ctrl-C (or SIGTERM).

    Prints the URL, then the demo seed works (one per line: W id, the DOI it stands for).
    Point the ingest at it with OPENALEX_URL=<url> and give it those seeds (--seeds-out FILE,
    then `acukg ingest --seeds FILE`): the bibliography's real DOIs name no synthetic work.
    Point the enrichment at it with PUBMED_URL=<url>/entrez/eutils.
    """
    from ingest.standin.server import start_standin

    click.echo(f"building a synthetic corpus of {size} works (seed {seed}) ...", err=True)
    try:
        server = start_standin(size=size, seed=seed, port=port, rate_limit=rate_limit, latency=latency,
                               daily_budget=daily_budget)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from exc
    done = threading.Event()

    def _stop(signum, frame):
        done.set()

    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        if seeds_out is not None:  # before the first line, so whoever waits for it finds the file
            _write_seeds(seeds_out, server)
        click.echo(f"serving synthetic OpenAlex at {server.url}")
        click.echo("demo seeds (openalex_id, stands for DOI):")
        for s in server.corpus.demo_seeds():
            click.echo(f"{s.openalex_id}\t{s.stands_for_doi}")
        if seeds_out is not None:
            click.echo(f"wrote {seeds_out}: give it to the ingest with --seeds {seeds_out}")
        click.echo(f"set OPENALEX_URL={server.url} PUBMED_URL={server.url}/entrez/eutils ; Ctrl-C stops", err=True)
        while not done.wait(0.5):
            pass
    finally:
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        click.echo("stand-in stopped", err=True)
