"""What ``consortium serve`` was started with, and the loopback rule that follows.

Kept free of the web framework so the command line can build it (and print the URL)
before anything heavy is imported.
"""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def is_loopback(host: str) -> bool:
    """True for names and addresses only this machine can reach."""
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class ServeConfig:
    """The server's inputs. ``token`` is required on every request when set; it is set
    exactly when the server listens on more than loopback (Jupyter's rule)."""

    host: str = "127.0.0.1"
    port: int = 8000
    partners: str | None = None      # a registry file or a store (.db); default: bundled
    calls_dir: str | None = None     # default: the bundled calls
    db: str | None = None            # the registry store imports go to (default: per user)
    cache_dir: str | None = None
    model: str | None = None
    backend: str | None = None
    template_dir: str | None = None  # overrides pages and report templates (sandboxed)
    token: str = field(default="", repr=False)

    @classmethod
    def create(cls, host: str = "127.0.0.1", **options: object) -> ServeConfig:
        token = "" if is_loopback(host) else secrets.token_urlsafe(24)
        return cls(host=host, token=token, **options)  # type: ignore[arg-type]

    @property
    def url(self) -> str:
        """The address to open, with the token in it when one is needed."""
        host = self.host if ":" not in self.host else f"[{self.host}]"
        if host in ("0.0.0.0", "[::]"):
            host = "127.0.0.1" if host == "0.0.0.0" else "[::1]"
        base = f"http://{host}:{self.port}/"
        return f"{base}?token={quote(self.token)}" if self.token else base

    def store_path(self) -> Path:
        """The registry store: --partners when it is one, else --db, else the user's."""
        from consortium.partners.pool import STORE_SUFFIXES
        from consortium.partners.store import default_db

        if self.partners and Path(self.partners).suffix.lower() in STORE_SUFFIXES:
            return Path(self.partners)
        return Path(self.db) if self.db else default_db()
