"""``consortium serve``: start the local web app (``consortium.web``).

The web framework is imported only when the command runs, so ``consortium --help``
stays instant. On loopback (the default) no token is needed; on any other host the
printed URL carries one, required on every request, and a warning says so.
"""

from __future__ import annotations

import click

from consortium.cli.common import cache_dir_option, run_safely


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback needs the access token "
                   "printed in the URL.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--no-browser", is_flag=True, help="Do not open a browser.")
@click.option("--partners", type=click.Path(), help="Default pool: a registry file or a "
              "store (.db); default: the bundled CORDIS security pool.")
@click.option("--calls-dir", type=click.Path(), help="Folder of topic files (default: the "
              "bundled calls).")
@click.option("--db", type=click.Path(dir_okay=False), envvar="CONSORTIUM_DB",
              help="Registry store that imports go to (default: registry.db in your user "
                   "data folder; or CONSORTIUM_DB; --partners FILE.db is used if given).")
@click.option("--model", help="Embedding model (default: the shipped all-MiniLM-L6-v2; "
              "'multilingual': the shipped multilingual-e5-small).")
@cache_dir_option
@click.option("--template-dir", type=click.Path(), help="Folder whose templates override "
              "the pages' and the reports' (run in Jinja2's sandbox).")
def serve(host: str, port: int, no_browser: bool, partners: str | None,
          calls_dir: str | None, db: str | None, model: str | None, cache_dir: str | None,
          template_dir: str | None) -> None:
    """Start the web app: topics, partners, build and review a consortium, scout, radar.

    \b
    Examples:
      consortium serve
      consortium serve --port 8765 --no-browser --partners members.db
      consortium serve --host 0.0.0.0   # on the network: the URL carries a token
    """
    from consortium.cli.io import backend
    from consortium.web.config import ServeConfig, is_loopback

    def action() -> None:
        from consortium.web.server import run

        config = ServeConfig.create(host, port=port, partners=partners, calls_dir=calls_dir,
                                    db=db, cache_dir=cache_dir, model=model,
                                    backend=backend(), template_dir=template_dir)
        if not is_loopback(host):
            click.echo(f"warning: listening on {host}, beyond this machine; every request "
                       "needs the token in the URL below", err=True)

        def ready() -> None:
            click.echo(f"consortium is serving at {config.url}")
            click.echo("Press Ctrl+C to stop.", err=True)
            if not no_browser:
                import webbrowser

                webbrowser.open(config.url)

        run(config, ready)

    run_safely(action)
