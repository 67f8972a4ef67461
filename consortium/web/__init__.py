"""``consortium serve``: the local web app for people who work in a browser.

Server-rendered pages (FastAPI, Jinja2, htmx vendored in ``static/``) over the same
library calls the command line makes. Nothing here is imported by ``consortium --help``:
``cli.serve`` imports this package only when the server starts.
"""
