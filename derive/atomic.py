"""Whole-file writes: a file is either its old self or its new self, never half.

Every writer here puts the data in a temporary file beside the target,
flushes it to disk, then renames it over the target with ``os.replace``
(atomic on POSIX and Windows within one file system).  A failure at any
point removes the temporary file and leaves the target untouched.

Example:
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> write_text_atomic(d / "a.txt", "hello\\n").read_text()
    'hello\\n'
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Mapping

__all__ = ["write_bytes_atomic", "write_text_atomic", "replace_outputs"]



def _umask() -> int:
    # The only portable way to read the umask is to set it and put it back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: Mode of a newly created file, as open() would give it.
_DEFAULT_MODE = 0o666 & ~_umask()


def _as_path(path, argname: str) -> Path:
    if isinstance(path, (str, os.PathLike)) and str(path):
        return Path(path)
    raise TypeError(f"{argname} must be a non-empty str or os.PathLike, got {path!r}")


def _stage(target: Path, data: bytes) -> Path:
    """Write ``data`` to a synced temporary file beside ``target``; return its path."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private; give it the target's mode (or the usual one).
        mode = target.stat().st_mode & 0o777 if target.exists() else _DEFAULT_MODE
        os.chmod(tmp, mode)
    except BaseException:
        _remove_quietly(Path(tmp))
        raise
    return Path(tmp)


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def _sync_dir(directory: Path) -> None:
    """Make the renames durable; not every platform can open a directory."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_bytes_atomic(path, data: bytes) -> Path:
    """Replace the file at ``path`` with ``data`` in one step.

    Args:
        path: the target file; its directory must exist.
        data: the new contents.

    Returns:
        The target path.

    Raises:
        TypeError: ``path`` is not path-like or ``data`` not bytes.
        FileNotFoundError: the directory does not exist.
    """
    target = _as_path(path, "path")
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"data must be bytes, got {type(data).__name__}")
    if not target.parent.is_dir():
        raise FileNotFoundError(f"path: directory {str(target.parent)!r} does not exist")
    tmp = _stage(target, bytes(data))
    try:
        os.replace(tmp, target)
    except BaseException:
        _remove_quietly(tmp)
        raise
    _sync_dir(target.parent)
    return target


def write_text_atomic(path, text: str, *, encoding: str = "utf-8") -> Path:
    """Replace the file at ``path`` with ``text``, written byte for byte.

    No newline translation happens, so output is identical on every platform.

    Raises:
        TypeError: ``text`` is not a str (or ``path`` not path-like).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    return write_bytes_atomic(path, text.encode(encoding))


def _check_name(name) -> str:
    if not isinstance(name, str):
        raise TypeError(f"files: names must be str, got {name!r}")
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name:
        raise ValueError(f"files: {name!r} is not a plain file name")
    return name


def replace_outputs(directory, files: Mapping[str, str | bytes]) -> tuple[Path, ...]:
    """Replace a set of files in ``directory``, each whole.

    Every file is first written and synced beside its target; only when all
    of them are on disk are they renamed into place.  An interrupted or
    failing run therefore leaves either nothing changed (failure while
    writing) or each file complete (old or new); no file is ever truncated.
    The renames are not one transaction: a crash between two of them can
    leave some files new and others old.

    Args:
        directory: created if missing.
        files: file name (no directories) -> text (written as UTF-8) or bytes.

    Returns:
        The written paths, in sorted name order.

    Raises:
        TypeError: ``files`` is not a mapping, or a name/content has the wrong type.
        ValueError: a name is not a plain file name.
    """
    root = _as_path(directory, "directory")
    if not isinstance(files, Mapping):
        raise TypeError(f"files must be a mapping of name -> text, got {type(files).__name__}")
    payload = {}
    for name in sorted(files, key=str):
        content = files[name]
        if isinstance(content, str):
            content = content.encode("utf-8")
        elif not isinstance(content, (bytes, bytearray)):
            raise TypeError(f"files[{name!r}] must be str or bytes, got {type(content).__name__}")
        payload[_check_name(name)] = bytes(content)
    root.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, data in payload.items():
            staged.append((_stage(root / name, data), root / name))
        while staged:
            tmp, target = staged[0]
            os.replace(tmp, target)
            staged.pop(0)
    finally:
        for tmp, _ in staged:
            _remove_quietly(tmp)
    _sync_dir(root)
    return tuple(root / name for name in payload)
