"""``yeslint cache``: where the cache lives, and how to empty it."""

from __future__ import annotations

import typer

from yeslint import cache as store

app = typer.Typer(
    help="Manage the cache of validated rules and per-file findings.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.command("clean")
def clean() -> None:
    """Delete the cache; the next run rebuilds it."""
    folder = store.clean()
    typer.echo(f"cache cleaned: {folder}")


@app.command("dir")
def where() -> None:
    """Print the cache folder (set YESLINT_CACHE_DIR to move it)."""
    typer.echo(str(store.cache_dir()))
