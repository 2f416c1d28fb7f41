"""Where a portfolio run writes each client's scenario workbook (`leverage portfolio --workbooks DIR`).

Each client's workbook is what `leverage solve` writes, named as `solve` names it beside the template
(`client.xlsx` -> `client.leverage.xlsx`), but in DIR. Everything that would stop a workbook from being
written is refused here, before any client is solved: two templates of the same name (their workbooks
would overwrite each other), a workbook that exists (without force), DIR that is a file.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from .errors import OutputError
from .i18n import _


def workbook_path(folder: str | Path, template: str | Path) -> Path:
    """`DIR/client.leverage.xlsx` for the template `client.xlsx`."""
    return Path(folder) / f"{Path(template).stem}.leverage.xlsx"


def plan_workbooks(folder: str | Path, templates: Sequence[str | Path], *, force: bool) -> dict[str, Path]:
    """Each template's workbook in `folder`, which is created if missing; raises OutputError (nothing written)
    for two templates of the same name, for a workbook that exists without `force`, for a folder that is a file."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(_("{path}: is a file, not a folder; give --workbooks a folder", path=folder))
    planned: dict[str, Path] = {}
    owners: dict[Path, str] = {}
    for template in templates:
        path = workbook_path(folder, template)
        if path in owners:
            raise OutputError(_("{first} and {second} would both write {path}; rename one of them",
                                first=owners[path], second=template, path=path))
        owners[path] = str(template)
        planned[str(template)] = path
    existing = [path for path in planned.values() if os.path.lexists(path)]
    if existing and not force:
        raise OutputError(_("{path}: already exists; use --force to overwrite the clients' workbooks or choose "
                            "another folder with --workbooks", path=existing[0]))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(_("{path}: cannot write ({reason})", path=folder, reason=exc.strerror or str(exc))) from None
    return planned
