"""``consortium cache``: see and empty the embedding cache folder (cache_admin.py)."""

from __future__ import annotations

import click

from consortium.cli.common import cache_dir_option, run_safely


def _mb(size: int) -> str:
    return f"{size / 1e6:,.1f} MB"


@click.group()
def cache() -> None:
    """The cache folder: embedded passages, pool snapshots, the ONNX export.

    \b
    Examples:
      consortium cache info
      consortium cache clear          # pool snapshots only; --all also the vectors
    """


@cache.command()
@cache_dir_option
def info(cache_dir: str | None) -> None:
    """Show where the cache is and what it holds.

    \b
    Example:
      consortium cache info
    """

    def action() -> None:
        from consortium.embed.cache_admin import summarise
        from consortium.resources import cache_dir as resolve

        s = summarise(resolve(cache_dir))
        click.echo(f"Cache folder: {s.folder}")
        click.echo(f"Embedded texts: {_mb(s.embeddings_bytes)}")
        for model, count in s.vectors_by_model.items():
            click.echo(f"  {model}: {count:,} vectors")
        if s.damaged:
            click.echo("  damaged: not an SQLite file ('consortium cache clear --all' "
                       "removes it; the next run embeds again)")
        click.echo(f"Pool snapshots: {s.snapshots} ({_mb(s.snapshot_bytes)}; rebuilt by the "
                   "next run when removed)")
        if s.onnx_bytes:
            click.echo(f"ONNX export: {_mb(s.onnx_bytes)}")
        click.echo(f"Total: {_mb(s.total_bytes)}")

    run_safely(action)


@cache.command()
@cache_dir_option
@click.option("--all", "everything", is_flag=True,
              help="Also remove the embedded vectors and the ONNX export (re-embedding a "
              "large pool takes minutes to hours).")
@click.option("--yes", is_flag=True, help="Do not ask before removing vectors.")
def clear(cache_dir: str | None, everything: bool, yes: bool) -> None:
    """Remove the pool snapshots, or with --all everything in the cache.

    \b
    Examples:
      consortium cache clear
      consortium cache clear --all --yes
    """

    def action() -> None:
        from consortium.embed.cache_admin import clear as remove
        from consortium.resources import cache_dir as resolve

        folder = resolve(cache_dir)
        if everything and not yes and not click.confirm(
                f"Remove every embedded vector in {folder}?"):
            click.echo("Nothing removed.")
            return
        freed = remove(folder, everything)
        what = "snapshots, vectors and ONNX export" if everything else "pool snapshots"
        click.echo(f"Removed the {what} in {folder}: {_mb(freed)} freed.")

    run_safely(action)
