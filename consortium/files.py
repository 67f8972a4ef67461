"""Files in and out: reading a user's file whole, streaming CORDIS CSVs, writing atomically.

Reading: a size limit, the encodings people save in, one error each.

Registries and call texts are read whole into memory (they are small: hundreds of rows,
a few pages), so a file that is not what it claims to be must be stopped before it is
loaded: a 100 MB log passed as ``--partners`` or a gzip bomb would otherwise eat the
machine's memory. Big CORDIS files do not come through here; ``cordis.py`` streams them.

Encodings: UTF-8 (with or without a BOM) and UTF-16/32 with a BOM, which is what Excel's
"Unicode Text" and Windows Notepad write, are read. Anything else is refused with the
line and byte: Latin-1, Windows-1250 and Windows-1252 cannot be told apart from the bytes,
and guessing wrong would store garbled names in a registry for good.

Writing: every output (reports, topic files, registry exports, caches) goes through
``atomic_path``: a temporary file in the destination folder renamed over the target, so
an interrupted run never leaves half a file.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import gzip
import io
import os
import re
import stat
import tempfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from consortium.errors import InputError

# Largest file (or decompressed .gz content) read whole; README "Robustness" states it.
MAX_INPUT_BYTES = 50 * 1024 * 1024

# Longest BOM first: the UTF-32 LE BOM begins with the UTF-16 LE one.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{size:,} bytes"


def too_big(path: object, size: int, what: str = "file") -> InputError:
    return InputError(path, f"{what} is {_size(size)}, more than the {_size(MAX_INPUT_BYTES)} "
                      "read whole; split it, or check that this is the file you meant")


def _kind(mode: int) -> str:
    """What a path that is not a regular file is, in the words of ``ls -l``."""
    for test, name in ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def check_file(path: Path, what: str = "file") -> None:
    """Refuse a missing path, a folder, a device/pipe/socket (also behind a symlink: a link
    to /dev/zero reports size 0 and never ends) or an oversized file before it is read."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise InputError(path, "file not found (check the path)") from None
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror})") from None
    if stat.S_ISDIR(mode):
        raise InputError(path, f"is a directory, not a {what}")
    if not stat.S_ISREG(mode):
        raise InputError(path, f"is {_kind(mode)}, not a {what}; only regular files are read")
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise too_big(path, size)


def read_input(path: Path, what: str = "file") -> bytes:
    """The file's bytes, after ``check_file``; unreadable files become one InputError.

    At most one byte past the limit is read, whatever the size said: files under /proc
    report 0 bytes, and a file may grow between the check and the read."""
    check_file(path, what)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror}); check its permissions") \
            from None
    if len(data) > MAX_INPUT_BYTES:
        raise too_big(path, len(data))
    return data


def gunzip(path: Path, data: bytes) -> bytes:
    """Decompress a .gz file, stopping once the content passes the limit (gzip bombs)."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
            out = handle.read(MAX_INPUT_BYTES + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise InputError(path, f"is not a readable gzip file ({error})") from None
    if len(out) > MAX_INPUT_BYTES:
        raise InputError(path, f"decompresses to more than {_size(MAX_INPUT_BYTES)}, "
                         "the most read whole; split it")
    return out


def decode_text(path: object, data: bytes, advice: str = "re-save it as UTF-8") -> str:
    """UTF-8 (BOM optional) or BOM-marked UTF-16/32; anything else is refused (see module)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as error:
                raise InputError(path, f"starts with a {codec.upper()} byte-order mark but "
                                 f"is not {codec.upper()} text (offset {error.start}); "
                                 f"{advice}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(path, f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset "
                         f"{error.start}; probably Windows-1252 or Latin-1); {advice}",
                         row=line) from None


# --- YAML, with its expansion bounded ------------------------------------------------------

# A document may expand (through aliases) to this many nodes, or twice what it holds
# written out: a 686-byte "billion laughs" otherwise ran past 120 s and 1.5 GB.
MAX_YAML_NODES = 1_000_000


def _yaml_children(node: Any) -> list[Any]:
    import yaml

    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _no_duplicate_keys(path: object, node: Any) -> None:
    import yaml

    seen: set[str] = set()
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
            continue
        if key_node.value in seen:
            raise InputError(path, f"key '{key_node.value}' appears twice in one mapping "
                             "(the second value would silently win); keep one",
                             row=key_node.start_mark.line + 1)
        seen.add(key_node.value)


def _check_yaml(path: object, root: Any) -> None:
    """Walk the node graph once (shared nodes once): its size as written, its size with
    every alias expanded, self-reference and duplicate keys, all refused with the line."""
    import yaml

    size: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if children_done:
            open_nodes.discard(id(node))
            size[id(node)] = min(1 + sum(size[id(c)] for c in _yaml_children(node)),
                                 1 << 62)
            continue
        if id(node) in size:
            continue
        if id(node) in open_nodes:
            raise InputError(path, "a YAML alias refers to a node that contains it (a "
                             "structure without end); remove the alias",
                             row=node.start_mark.line + 1)
        open_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            _no_duplicate_keys(path, node)
        stack.append((node, True))
        stack.extend((child, False) for child in _yaml_children(node))
    written = len(size)
    if size[id(root)] > max(MAX_YAML_NODES, 2 * written):
        raise InputError(path, f"YAML aliases expand its {written:,} nodes to more than "
                         f"{max(MAX_YAML_NODES, 2 * written):,} (an alias bomb?); write the "
                         "values out")


def load_yaml(path: object, text: str) -> Any:
    """``yaml.safe_load`` with the expansion, nesting and duplicate keys checked before
    anything is built (see ``MAX_YAML_NODES``); every problem is one InputError."""
    import yaml  # lazy: only YAML files pay for it

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc, valid-type]
        def get_single_node(self) -> Any:
            node = super().get_single_node()
            if node is not None:
                _check_yaml(path, node)
            return node

    loader = Loader(text)
    try:
        return loader.get_single_data()
    except RecursionError:
        raise InputError(path, "nested too deeply to read (thousands of levels); "
                         "flatten it") from None
    except yaml.YAMLError as exc:
        raise InputError(path, f"not valid YAML ({' '.join(str(exc).split())})") from None
    finally:
        loader.dispose()


# --- CORDIS CSV files (";"-separated, quoted, optionally gzipped), streamed ---------------

Progress = Callable[[int, int], None]


def csv_key(header: str) -> str:
    """A CORDIS header as a key: "organisationID", "organisation_id" -> "organisationid"."""
    return re.sub(r"[^a-z0-9]+", "", header.lower())


def open_text(path: Path, handle: IO[bytes]) -> io.TextIOWrapper:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.GzipFile(fileobj=handle), encoding="utf-8-sig",
                                newline="")
    return io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")


def read_rows(path: Path, progress: Progress | None = None) -> Iterator[tuple[int, dict[str, str]]]:
    """Stream (line, row) from a CORDIS CSV, reporting progress in bytes of the file."""
    if not path.is_file():
        raise InputError(path, "file not found (check the path)")
    total = path.stat().st_size
    with path.open("rb") as handle, open_text(path, handle) as text:
        reader = csv.DictReader(text, delimiter=";")
        reader.fieldnames = [csv_key(h) for h in reader.fieldnames or []]
        line = 1
        try:
            for count, row in enumerate(reader):
                yield line + 1, {k: v or "" for k, v in row.items() if k is not None}
                line = reader.line_num
                if progress is not None and count % 5000 == 0:
                    progress(handle.tell(), total)
        except (csv.Error, UnicodeDecodeError, EOFError, OSError) as exc:
            raise InputError(path, f"not a readable CORDIS file ({exc})", row=line) from exc
    if progress is not None:
        progress(total, total)


# --- writing ------------------------------------------------------------------------------


def check_destination(path: Path) -> None:
    """Refuse an output path that cannot be written, before any work is spent on it.

    Only a regular file or a new path is written: renaming over a character device
    (``/dev/null``, ``/dev/full``), a pipe or a socket would replace it with a file, and
    as root destroy the device."""
    if path.is_dir():
        raise InputError(path, "is a folder; give a file name such as report.md")
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None  # a new path (or a dangling symlink, replaced by the file)
    except OSError as error:
        raise InputError(path, f"cannot be written ({error.strerror})") from None
    if mode is not None and not stat.S_ISREG(mode):
        raise InputError(path, f"is {_kind(mode)}, not a file; outputs are written only to "
                         "regular files or new paths, give a file name such as report.md")
    if not path.parent.is_dir():
        raise InputError(path, f"folder '{path.parent}' does not exist; create it first")


def _mode(path: Path) -> int:
    """The replaced file's permissions, or what the umask gives a new file (mkstemp's
    own 0600 would hide a shared report from colleagues)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; renamed over ``path`` when the block
    ends without an error, removed otherwise."""
    path = Path(path)
    check_destination(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        os.chmod(tmp, _mode(path))
        yield Path(tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write ``content`` whole or not at all. Text is UTF-8 with the newlines it already
    has; bytes (DOCX, XLSX, arrays) go as they are."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
