"""The web app: ``create_app(config)`` is the ASGI application ``consortium serve`` runs.

Pages are thin views over the library calls the command line makes (``web.views``,
``web.build_views``, ...); this module adds what only a server needs:

- the access rule: on loopback (the default) only requests naming this machine as Host
  are served (a page of another site cannot reach the app through DNS rebinding); on any
  other host every request must carry the token, in the URL (``?token=``, as Jupyter)
  or in the cookie the first such request sets;
- a form posted from another site's page is refused (its Origin is not ours);
- a request body over the upload limit is refused before it is read;
- our errors are a page with the command line's one-line message; anything else is a
  short 500 page, the detail goes to the server log, never a traceback to the page.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from consortium.errors import ConsortiumError
from consortium.files import MAX_INPUT_BYTES
from consortium.web.config import LOOPBACK_NAMES, ServeConfig, is_loopback
from consortium.web.pages import Pages
from consortium.web.state import NotFound, ServerState

LOG = logging.getLogger("consortium.web")
STATIC = Path(__file__).resolve().parent / "static"
COOKIE = "consortium_token"
MAX_BODY = MAX_INPUT_BYTES + 1024 * 1024   # the file plus the form around it


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page rendered with the menu and this request's URL."""
    pages: Pages = request.app.state.pages
    html = pages.render(name, request=request, path=request.url.path, **context)
    return HTMLResponse(html, status_code=status)


def error_page(request: Request, message: str, status: int) -> HTMLResponse:
    try:
        return page(request, "error.html.j2", status, message=message, code=status)
    except ConsortiumError:  # a broken user template must not hide the error
        from html import escape

        return HTMLResponse(f"<!doctype html><title>Error</title><p>{escape(message)}</p>",
                            status_code=status)


def _host_allowed(config: ServeConfig, request: Request) -> bool:
    if config.token:
        return True
    host = (request.headers.get("host") or "").rsplit(":", 1)[0].strip("[]").lower()
    return host in LOOPBACK_NAMES or is_loopback(host)


def _token_ok(config: ServeConfig, request: Request) -> tuple[bool, bool]:
    """(allowed, came in the URL): the cookie or ?token= must match the server's."""
    if not config.token:
        return True, False
    given = request.query_params.get("token")
    if given is not None and secrets.compare_digest(given, config.token):
        return True, True
    cookie = request.cookies.get(COOKIE, "")
    return bool(cookie) and secrets.compare_digest(cookie, config.token), False


def _foreign_post(request: Request) -> bool:
    origin = request.headers.get("origin")
    if request.method in ("GET", "HEAD", "OPTIONS") or not origin:
        return False
    return urlsplit(origin).netloc.lower() != (request.headers.get("host") or "").lower()


def _install_guards(app: FastAPI, config: ServeConfig) -> None:
    @app.middleware("http")
    async def guard(request: Request, call_next: Any) -> Response:
        if not _host_allowed(config, request):
            return error_page(request, "this server answers to 127.0.0.1 or localhost only",
                              400)
        allowed, in_url = _token_ok(config, request)
        if not allowed:
            return error_page(request, "this server needs its access token: open the URL "
                              "`consortium serve` printed (it ends in ?token=...)", 403)
        if _foreign_post(request):
            return error_page(request, "a form from another site was refused", 403)
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > MAX_BODY:
            return error_page(request, f"upload too large: more than "
                              f"{MAX_INPUT_BYTES // 1_000_000} MB (the command line's "
                              "limit); split the file", 413)
        response: Response = await call_next(request)
        if in_url:
            response.set_cookie(COOKIE, config.token, httponly=True, samesite="strict")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return error_page(request, " ".join(str(exc).split()), 404)

    @app.exception_handler(ConsortiumError)
    async def ours(request: Request, exc: ConsortiumError) -> Response:
        return error_page(request, " ".join(str(exc).split()), 400)

    @app.exception_handler(StarletteHTTPException)
    async def http(request: Request, exc: StarletteHTTPException) -> Response:
        message = "no such page" if exc.status_code == 404 else str(exc.detail)
        return error_page(request, message, exc.status_code)

    @app.exception_handler(Exception)
    async def bug(request: Request, exc: Exception) -> Response:
        LOG.exception("error on %s %s", request.method, request.url.path)
        return error_page(request, f"unexpected {type(exc).__name__}: this is a bug; the "
                          "details are in the server's log", 500)


def create_app(config: ServeConfig, state: ServerState | None = None) -> FastAPI:
    """The application for ``config``; ``state`` lets tests share or inspect one."""
    from consortium.web import build_views, partner_views, review_views, topic_views

    web = state or ServerState(config)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        web.jobs.shutdown()

    app = FastAPI(title="consortium", docs_url=None, redoc_url=None, openapi_url=None,
                  lifespan=lifespan)
    app.state.web = web
    app.state.pages = Pages(config.template_dir)
    _install_guards(app, config)
    _install_errors(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/")
    def home() -> Response:
        return RedirectResponse("/topics", status_code=303)

    for module in (topic_views, partner_views, build_views, review_views):
        app.include_router(module.router)

    return app
