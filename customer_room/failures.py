"""Any failure as the sentence a person can act on: the safety net under every message.

Stages raise `RoomError`s with problems that name file, row and column; this module
covers what is left: the operating system saying no (a full disk, a read-only folder,
a file nobody may read), a template with a mistake in it, a chart the renderer rejects,
input that recurses too deep, memory running out, and anything unforeseen. Each
becomes one line naming the file where there is one and what to do; only `--debug`
shows a traceback. The published site is never touched by a failed build.
"""

from __future__ import annotations

import errno

KEPT = "the published site was left as it was"


def describe(exc: BaseException) -> str:
    """One sentence for an exception that is not a `RoomError`."""
    if isinstance(exc, OSError):
        return _os_error(exc)
    kind = type(exc).__name__
    if kind == "TemplateSyntaxError":
        where = _template_file(getattr(exc, "filename", None) or getattr(exc, "name", None) or "a template")
        return f"{where}:{getattr(exc, 'lineno', '?')}: template error: {exc.message}; {KEPT}"
    if kind in ("UndefinedError", "TemplateRuntimeError", "TemplateAssertionError", "SecurityError"):
        return f"a template failed: {exc}; check the room's templates/ overrides ({KEPT})"
    if kind == "RenderError":
        return f"a chart could not be drawn: {exc}; this is a bug in customer-room, please report it ({KEPT})"
    if isinstance(exc, RecursionError):
        return f"the input is nested too deeply to read; {KEPT}"
    if isinstance(exc, MemoryError):
        return f"the build ran out of memory; a file may be far larger than the room needs ({KEPT})"
    return (f"unexpected error ({kind}: {exc}); {KEPT}; run again with --debug to see where it happened, "
            "and please report it")


def _os_error(exc: OSError) -> str:
    """What the operating system refused, on which file, and what to do about it."""
    path = exc.filename
    shown = f" {path}" if path else ""
    if exc.errno == errno.ENOSPC:
        return f"no space left on the device to write{shown}; free some space and build again ({KEPT})"
    if exc.errno == errno.EDQUOT:
        return f"the disk quota is used up, writing{shown}; free some space and build again ({KEPT})"
    if exc.errno == errno.EROFS:
        return f"cannot write{shown}: the file system is read-only; choose another folder with --out ({KEPT})"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied:{shown}; check who may read and write it ({KEPT})"
    if exc.errno == errno.EBUSY:
        return f"{path or 'a file'} is busy (a mount point?); choose another folder with --out ({KEPT})"
    if exc.errno == errno.ENAMETOOLONG:
        return f"a file name is too long for the file system:{shown}"
    if exc.errno == errno.ELOOP:
        return f"{path or 'a path'} is a symbolic link that loops"
    return f"{(exc.strerror or str(exc))}:{shown} ({KEPT})"


def _template_file(name: str) -> str:
    """A template's path as the user knows it: the room's templates/x.html, or the built-in."""
    text = str(name)
    return "templates/" + text.rsplit("/templates/", 1)[-1] if "/templates/" in text else text
