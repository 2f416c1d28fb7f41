"""Writing files safely: whole or not at all, never over an existing file unasked."""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import OutputError
from .i18n import Text

# A temporary file this old beside its output is left from a killed run, not one being written now.
STALE_PARTIAL_SECONDS = 3600


def check_output(path: Path, *, force: bool, inputs: tuple[Path, ...] = ()) -> None:
    """Refuse an output that exists (without force) or that is one of the inputs."""
    for source in inputs:
        if path.resolve() == Path(source).resolve():
            raise OutputError(Text(f"{path}: the output would overwrite the input; choose another name with -o",
                                   f"{path}: результат записался бы поверх исходного файла; выберите другое "
                                   "имя с -o"))
    if path.is_dir():
        raise OutputError(Text(f"{path}: is a folder; give a file name ending in .xlsx",
                               f"{path}: это папка; укажите имя файла с расширением .xlsx"))
    if path.exists() and not force:
        raise _exists(path)
    if not path.parent.exists():
        raise OutputError(Text(f"{path.parent}: no such folder", f"{path.parent}: такой папки нет"))


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
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
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


def _move(tmp: Path, path: Path, *, force: bool) -> None:
    if force:
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
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.partial"):
        with contextlib.suppress(OSError):
            if leftover.is_file() and not leftover.is_symlink() and leftover.stat().st_mtime < cutoff:
                leftover.unlink()


def _exists(path: Path) -> OutputError:
    return OutputError(Text(f"{path}: already exists; use --force to overwrite it or -o to choose another name",
                            f"{path}: такой файл уже есть; чтобы перезаписать его, добавьте --force, "
                            "или выберите другое имя с -o"))


def _sync_folder(folder: Path) -> None:
    """Make the move itself durable (best effort: not every system can open a folder)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomically(path: Path, write: Callable[[Path], None], *, force: bool, inputs: tuple[Path, ...] = ()) -> Path:
    """Check the output path, then call `write(tmp)` and move the result into place."""
    path = Path(path)
    check_output(path, force=force, inputs=inputs)
    try:
        with atomic_path(path, force=force) as tmp:
            write(tmp)
    except PermissionError as exc:
        raise OutputError(Text(f"{path}: cannot write ({exc.strerror})",
                               f"{path}: не удаётся записать ({exc.strerror})")) from None
    return path
