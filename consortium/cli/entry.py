"""The entry point: installs the Ctrl-C handler before anything else is imported.

Ctrl-C must end the program with one line and exit code 130 at any moment, including
the first tens of milliseconds while click, the commands and their libraries are still
being imported (a ``KeyboardInterrupt`` there printed a traceback, and one that click
caught printed ``Aborted!`` and exited 1). So this module imports nothing at the top,
and ``cli.main`` is imported only once the handler is in place.
"""

from __future__ import annotations


class Interrupted(BaseException):
    """Ctrl-C, raised by ``main``'s SIGINT handler. Not a ``KeyboardInterrupt``, so click
    does not turn it into ``Aborted!``; ``finally`` blocks and context managers still run
    (a registry import rolls back, a temporary report file is removed)."""


def _say_interrupted() -> None:
    import sys

    from consortium.cli.common import INTERRUPTED

    sys.stderr.write(f"{INTERRUPTED}\n")
    sys.stderr.flush()


def _stop_now(signum: int, frame: object) -> None:
    """A second Ctrl-C while the first one's clean-up runs: leave at once."""
    import os

    _say_interrupted()
    os._exit(130)


def _interrupt(signum: int, frame: object) -> None:
    import _signal

    _signal.signal(_signal.SIGINT, _stop_now)
    raise Interrupted


def _again_soon(signum: int, frame: object) -> None:
    raise Interrupted


def _unraisable(info: object) -> None:
    """A Ctrl-C that landed in a weakref callback or a ``__del__`` (an import's module
    lock, the garbage collector) is swallowed there, printed as "Exception ignored in"
    with a traceback, and the run went on as if nothing had happened. Raise it again a
    millisecond later, in the code that was running."""
    import _signal
    import sys

    if isinstance(getattr(info, "exc_value", None), Interrupted):
        if not hasattr(_signal, "setitimer"):  # Windows: no timer signal; leave now
            _stop_now(0, None)
        _signal.signal(_signal.SIGALRM, _again_soon)
        _signal.setitimer(_signal.ITIMER_REAL, 0.001)
        return
    sys.__unraisablehook__(info)  # type: ignore[arg-type]


def main() -> None:
    """Run the command line; Ctrl-C at any point exits 130 with one line on stderr
    (with ``--debug``, after the traceback of where it stopped)."""
    import _signal  # built in: ``signal`` itself imports enum, a window of milliseconds
    import sys

    _signal.signal(_signal.SIGINT, _interrupt)
    sys.unraisablehook = _unraisable
    try:
        from consortium.cli.main import cli

        cli(prog_name="consortium")
    except Interrupted:
        _signal.signal(_signal.SIGINT, _signal.SIG_IGN)
        if "--debug" in sys.argv[1:]:
            import traceback

            traceback.print_exc()
        _say_interrupted()
        sys.exit(130)
