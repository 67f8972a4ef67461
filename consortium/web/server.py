"""Running the app under uvicorn: bind first (a port in use is a one-line error), say
the URL, warm up the default pool in the background, serve until Ctrl+C."""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from consortium.errors import ConsortiumError, InputError
from consortium.web.config import ServeConfig

if TYPE_CHECKING:
    from consortium.web.state import ServerState


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise ConsortiumError(f"cannot listen on {host}:{port} ({exc.strerror}); is another "
                              "server running there? Pass another --port") from None
    sock.listen(2048)  # connections wait in the queue until uvicorn's loop runs
    return sock


def warm_up(state: ServerState) -> None:
    """Read the topic listing and load the default pool before anyone asks."""
    state.jobs.run(("warm", "calls"), "Reading the topics", lambda job: state.rows())
    state.pool_job(state.default_pool())


def run(config: ServeConfig, ready: Callable[[], None]) -> None:
    """Bind, say the URL (connections wait in the queue meanwhile), then import the web
    framework and the library and serve: the URL comes before seconds of imports."""
    if config.template_dir and not Path(config.template_dir).is_dir():
        raise InputError(config.template_dir, "template folder not found (give an existing "
                         "folder with .j2 files to override the defaults)")
    sock = bind(config.host, config.port)
    ready()
    import uvicorn

    from consortium.web.app import create_app
    from consortium.web.state import ServerState

    state = ServerState(config)
    app = create_app(config, state)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False,
                                           lifespan="on"))
    warm_up(state)
    try:
        server.run(sockets=[sock])
    finally:
        state.jobs.shutdown()
        sock.close()
