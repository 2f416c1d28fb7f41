"""Writing files safely: whole or not at all, never over an existing file unasked."""

from __future__ import annotations

import contextlib
import errno
import glob
import hashlib
import os
import secrets
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import OutputError
from .i18n import _

# A temporary file this old beside its output is left from a killed run, not one being written now.
STALE_PARTIAL_SECONDS = 3600
# What every output is: an Excel workbook.
SUFFIX = ".xlsx"
# The longest file name most file systems allow, in bytes, where the system cannot tell.
NAME_MAX = 255
# What a file that is not a regular file is, for the message refusing to write over it.
_KINDS = (
    (stat.S_ISFIFO, _("a named pipe (FIFO)")),
    (stat.S_ISCHR, _("a device")),
    (stat.S_ISBLK, _("a device")),
    (stat.S_ISSOCK, _("a socket")),
)


def output_name(path: str | Path) -> Path:
    """The name a workbook is written under: `path`, with .xlsx added when it has no suffix.

    Refuses another suffix (.csv, .xls, .ods...): the file would be an .xlsx workbook
    under a name that says otherwise, which Excel refuses to open. A name ending in a
    slash is a folder, never a file's name.
    """
    if str(path).endswith(("/", os.sep)) and not Path(path).is_dir():
        raise OutputError(_("{path}: no such folder", path=path))
    path = Path(path)
    _refuse_special(path)  # before anything is added: `-o /dev/null` is refused, not turned into /dev/null.xlsx
    if path.name.endswith("."):  # `result.`: the suffix was left out, not its dot
        return path.with_name(path.name + SUFFIX[1:])
    if not path.suffix:
        return path.with_name(path.name + SUFFIX)
    if path.suffix.lower() != SUFFIX:
        instead = path.with_suffix(SUFFIX)
        raise OutputError(_(
            "{path}: leverage writes an Excel workbook (.xlsx), not {suffix}; give a name ending in .xlsx, "
            "such as {instead}", path=path, suffix=path.suffix, instead=instead))
    return path


def check_output(path: Path, *, force: bool, inputs: tuple[Path, ...] = ()) -> None:
    """Refuse an output that exists (without force), that is not a regular file, or that is one of the inputs.

    A symbolic link to a regular file counts as that file: with force, the link is
    replaced by the new workbook and the file it points to is left as it was.
    """
    for source in inputs:
        if path.resolve() == Path(source).resolve():
            raise OutputError(_("{path}: the output would overwrite the input; choose another name with -o",
                                path=path))
    _refuse_special(path)
    if os.path.lexists(path) and not force:
        raise _exists(path)
    if not path.parent.exists():
        raise OutputError(_("{path}: no such folder", path=path.parent))


def _refuse_special(path: Path) -> None:
    """Refuse a folder, a named pipe, a device or a socket (or a link to one): never written over, even with force."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return  # nothing there (or a link to nothing): the new file takes its place
    except NotADirectoryError:
        return  # a folder on the way is a file; writing tells why it cannot be
    if stat.S_ISDIR(mode):
        raise OutputError(_("{path}: is a folder; give a file name ending in .xlsx", path=path))
    kind = next((kind for test, kind in _KINDS if test(mode)), None)
    if kind is not None:
        raise OutputError(_(
            "{path}: is {kind}, not a regular file; leverage never writes over one, even with --force: "
            "choose another name with -o", path=path, kind=kind))


@contextlib.contextmanager
def atomic_path(path: Path, *, force: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success move it into place.

    The move is atomic on one file system, so a reader (or a process killed
    mid-write) sees either the previous file or the complete new one. A process
    killed while writing leaves its temporary file behind, hidden and named for
    what it was: `.client.leverage.xlsx.k3j4h2.partial`. Without `force`, the file
    is linked into place, which fails rather than replace a file that appeared
    meanwhile. Such files of earlier killed runs, an hour old or more, are
    removed once the new file is in place.
    """
    path = Path(path)
    tmp = _create_partial(path)
    try:
        yield tmp
        # mkstemp creates 0600 files; give the output the permissions of a normal new file.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        _move(tmp, path, force=force)
        _sync_folder(path.parent)
        _remove_stale_partials(path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def partial_prefix(path: Path) -> str:
    """The start of the hidden temporary names of `path`: `.client.leverage.xlsx.`, and a shorter one where that is too long.

    A temporary name is the prefix, 8 random characters and `.partial`. Where that
    would not fit in the folder's longest name, the prefix keeps the start of the
    name and a hash of all of it, `.client.le~3f2a9c1d.`, so that the temporary name
    is no longer than the final name: it fits wherever the final name fits.
    """
    name = path.name
    readable = f".{name}."
    longest = _name_max(path.parent)
    if _bytes(readable) + 16 <= longest:
        return readable
    digest = hashlib.sha256(os.fsencode(name)).hexdigest()[:8]
    room = min(longest, _bytes(name)) - len(f".~{digest}.") - 16
    start = ""
    for char in name:
        if _bytes(start + char) > room:
            break
        start += char
    return f".{start}~{digest}."


def _create_partial(path: Path) -> Path:
    """Create the hidden temporary file beside `path`, readable and writable by us only, as mkstemp does."""
    prefix = partial_prefix(path)
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    for _attempt in range(100):
        tmp = path.with_name(f"{prefix}{secrets.token_hex(4)}.partial")
        try:
            os.close(os.open(tmp, flags, 0o600))
        except FileExistsError:
            continue
        return tmp
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(path))


def _name_max(folder: Path) -> int:
    """The longest file name `folder` allows, in bytes."""
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (AttributeError, OSError, ValueError):
        return NAME_MAX


def _bytes(name: str) -> int:
    return len(os.fsencode(name))


def _move(tmp: Path, path: Path, *, force: bool) -> None:
    if force:
        _refuse_special(path)  # one that appeared since the check
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)  # fails if the file exists: no window between the check and the move
    except FileExistsError:
        raise _exists(path) from None
    except OSError:  # a file system without hard links
        if path.exists():
            raise _exists(path) from None
        os.replace(tmp, path)


def _remove_stale_partials(path: Path) -> None:
    """Delete what killed runs left while writing `path`: our own hidden temporary files, an hour old or more."""
    cutoff = time.time() - STALE_PARTIAL_SECONDS
    for leftover in path.parent.glob(f"{glob.escape(partial_prefix(path))}*.partial"):
        with contextlib.suppress(OSError):
            if leftover.is_file() and not leftover.is_symlink() and leftover.stat().st_mtime < cutoff:
                leftover.unlink()


def _exists(path: Path) -> OutputError:
    return OutputError(_("{path}: already exists; use --force to overwrite it or -o to choose another name",
                         path=path))


def _sync_folder(folder: Path) -> None:
    """Make the move itself durable (best effort: not every system can open a folder)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomically(path: str | Path, write: Callable[[Path], None], *, force: bool, inputs: tuple[Path, ...] = ()) -> Path:
    """Check the output path, then call `write(tmp)` and move the result into place; returns the path written.

    The path is `output_name(path)`: .xlsx is added to a name without a suffix.
    Any error of the system (no permission, a name too long, a read-only or full
    disk), raised here or by the writer, is an OutputError naming the path and the
    system's reason.
    """
    shown = path  # the name messages give: the final one once it is known
    try:
        final = shown = output_name(path)
        check_output(final, force=force, inputs=inputs)
        with atomic_path(final, force=force) as tmp:
            write(tmp)
    except OutputError:
        raise
    except Exception as exc:
        error = _system_error(exc)
        if error is None:
            raise
        reason = error.strerror or str(error)
        raise OutputError(_("{path}: cannot write ({reason})", path=shown, reason=reason)) from None
    return final


def _system_error(exc: BaseException) -> OSError | None:
    """The system's error behind `exc`: itself, or the one a library wrapped (XlsxWriter's FileCreateError holds it)."""
    for _depth in range(10):
        if isinstance(exc, OSError):
            return exc
        wrapped = next((arg for arg in exc.args if isinstance(arg, BaseException)), None) or exc.__cause__
        if wrapped is None:
            return None
        exc = wrapped
    return None
