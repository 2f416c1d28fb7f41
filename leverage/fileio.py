"""Writing files safely: whole or not at all, never over an existing file unasked."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import OutputError


def check_output(path: Path, *, force: bool, inputs: tuple[Path, ...] = ()) -> None:
    """Refuse an output that exists (without force) or that is one of the inputs."""
    for source in inputs:
        if path.resolve() == Path(source).resolve():
            raise OutputError(f"{path}: the output would overwrite the input; choose another name with -o")
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name ending in .xlsx")
    if path.exists() and not force:
        raise OutputError(f"{path}: already exists; use --force to overwrite it or -o to choose another name")
    if not path.parent.exists():
        raise OutputError(f"{path.parent}: no such folder")


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success rename it into place.

    The rename is atomic on one file system, so a reader (or a process killed
    mid-write) sees either the previous file or the complete new one.
    """
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp" + path.suffix, dir=path.parent)
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
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_atomically(path: Path, write: Callable[[Path], None], *, force: bool, inputs: tuple[Path, ...] = ()) -> Path:
    """Check the output path, then call `write(tmp)` and move the result into place."""
    path = Path(path)
    check_output(path, force=force, inputs=inputs)
    try:
        with atomic_path(path) as tmp:
            write(tmp)
    except PermissionError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror})") from None
    return path
