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


# What each refusal of the operating system means for a build, and what to do: {path}
# is the file it refused (or "a file"), {at} the same with a leading space or nothing.
_OS_ERRORS = {
    errno.ENOSPC: "no space left on the device to write{at}; free some space and build again ({kept})",
    errno.EDQUOT: "the disk quota is used up, writing{at}; free some space and build again ({kept})",
    errno.EROFS: "cannot write{at}: the file system is read-only; choose another folder with --out ({kept})",
    errno.EACCES: "permission denied:{at}; check who may read and write it ({kept})",
    errno.EPERM: "permission denied:{at}; check who may read and write it ({kept})",
    errno.EBUSY: "{path} is busy (a mount point?); choose another folder with --out ({kept})",
    errno.ENAMETOOLONG: "a file name is too long for the file system:{at}",
    errno.ELOOP: "{path} is a symbolic link that loops",
}


def _os_error(exc: OSError) -> str:
    """What the operating system refused, on which file, and what to do about it."""
    path = exc.filename
    plain = (exc.strerror or str(exc)).replace("{", "{{").replace("}", "}}")
    words = _OS_ERRORS.get(exc.errno, plain + ":{at} ({kept})")
    return words.format(path=path or "a file", at=f" {path}" if path else "", kept=KEPT)


def _template_file(name: str) -> str:
    """A template's path as the user knows it: the room's templates/x.html, or the built-in."""
    text = str(name)
    return "templates/" + text.rsplit("/templates/", 1)[-1] if "/templates/" in text else text
