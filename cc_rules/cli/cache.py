"""The parse cache on disk: where the CLI keeps parsed YAML documents between runs (`cc_rules.io.parsecache`).

The directory is `$CC_RULES_CACHE_DIR`, else `$XDG_CACHE_HOME/cc-rules`, else `~/.cache/cc-rules`; entries are
files under its `documents/`, one per entry, named by the key. `CC_RULES_CACHE=0` turns the cache off. The cache
never changes a result (an entry holds exactly what the loader builds from the same bytes), so it is safe to delete
at any time, and it is silently off when its directory cannot be created or written (a read-only home in CI).

Writes are atomic (a temporary file in the same directory, then `os.replace`), so two processes writing the same
entry at once (`--jobs 2`) each replace it with the same bytes and a reader sees a whole entry or none. The size is
bounded without a cost on every read: the first write of a process, and every `CHECK_EVERY` writes after it, looks
at the directory and removes the entries least recently used beyond `MAX_BYTES` or `MAX_ENTRIES` (down to three
quarters of the bound, so the next check is not soon). A hit refreshes an entry's time at most once a day.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Mapping
from pathlib import Path

from cc_rules.io import parsecache

MAX_BYTES = 64 * 1024 * 1024
MAX_ENTRIES = 20_000
CHECK_EVERY = 500  # writes between two looks at the directory's size
REFRESH_S = 86_400.0  # a hit older than this is marked used again (its time is what eviction goes by)
STALE_TEMP_S = 3_600.0  # a temporary file this old was left by a process that died while writing
VARIABLE_DIR, VARIABLE_OFF = "CC_RULES_CACHE_DIR", "CC_RULES_CACHE"
_KEY = re.compile(r"[0-9a-f]{64}")
_TEMP_PREFIX = ".tmp-"


def directory(environ: Mapping[str, str]) -> Path | None:
    """The cache directory the environment asks for, or None when the cache is off."""
    if environ.get(VARIABLE_OFF, "").strip().lower() in ("0", "false", "no", "off"):
        return None
    if environ.get(VARIABLE_DIR):
        return Path(environ[VARIABLE_DIR])
    if environ.get("XDG_CACHE_HOME"):
        return Path(environ["XDG_CACHE_HOME"]) / "cc-rules"
    try:
        return Path.home() / ".cache" / "cc-rules"
    except RuntimeError:  # no home directory to be found
        return None


class DiskStore:
    """Entries as files in `root/documents`. Never raises: an entry that cannot be read is a miss, and a store
    that cannot write stops trying for the rest of the process."""

    def __init__(self, root: Path, *, max_bytes: int = MAX_BYTES, max_entries: int = MAX_ENTRIES,
                 check_every: int = CHECK_EVERY) -> None:
        self.root = root / "documents"
        self.max_bytes, self.max_entries, self.check_every = max_bytes, max_entries, check_every
        self.writable = True
        self._ready = False
        self._writes = 0

    def _path(self, key: str) -> Path | None:
        return self.root / f"{key}.json" if _KEY.fullmatch(key) else None

    def get(self, key: str) -> bytes | None:
        path = self._path(key)
        if path is None:
            return None
        try:
            with open(path, "rb") as handle:
                blob = handle.read()
                used = os.fstat(handle.fileno()).st_mtime
        except OSError:
            return None
        if used < time.time() - REFRESH_S and self.writable:  # an entry still in use is not the oldest
            with contextlib.suppress(OSError):
                os.utime(path)
        return blob

    def put(self, key: str, value: bytes) -> None:
        path = self._path(key)
        if path is None or not self.writable or not self._prepare():
            return
        import tempfile  # imported when first written (a run whose files are all cached never needs it)

        temp = None
        try:
            fd, temp = tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=self.root)
            with os.fdopen(fd, "wb") as handle:
                handle.write(value)
        except OSError:  # the directory cannot be written (read-only, full): no more tries in this process
            self.writable = False
        else:
            try:
                os.replace(temp, path)
                temp = None
            except OSError:  # this entry's name is taken by something that is not an entry: that entry only
                pass
        finally:
            if temp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
        if self.writable:
            self._writes += 1
            if (self._writes - 1) % self.check_every == 0:
                self.prune()

    def _prepare(self) -> bool:
        """Create the directory (0700: entries are the user's documents) once; False when it cannot be."""
        if not self._ready:
            try:
                self.root.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                self.root.mkdir(mode=0o700, exist_ok=True)
            except OSError:
                self.writable = False
                return False
            self._ready = True
        return True

    def prune(self) -> None:
        """Remove the least recently used entries beyond the bound, and temporary files left by a dead writer."""
        entries: list[tuple[float, int, str]] = []
        now = time.time()
        try:
            with os.scandir(self.root) as found:
                for item in found:
                    try:
                        st = item.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    if item.name.startswith(_TEMP_PREFIX):
                        if st.st_mtime < now - STALE_TEMP_S:
                            with contextlib.suppress(OSError):
                                os.unlink(item.path)
                    elif item.name.endswith(".json"):
                        entries.append((st.st_mtime, st.st_size, item.path))
        except OSError:
            return
        total = sum(size for _, size, _ in entries)
        if total <= self.max_bytes and len(entries) <= self.max_entries:
            return
        entries.sort()
        keep_bytes, keep_entries = self.max_bytes * 3 // 4, self.max_entries * 3 // 4
        count = len(entries)
        for _, size, path in entries:
            if total <= keep_bytes and count <= keep_entries:
                break
            with contextlib.suppress(OSError):
                os.unlink(path)
            total, count = total - size, count - 1


def install(environ: Mapping[str, str]) -> parsecache.Setting:
    """Use the disk store the environment asks for (none when `CC_RULES_CACHE=0`); returns what was used before,
    for `parsecache.restore`."""
    root = directory(environ)
    from cc_rules import __version__

    return parsecache.use_store(DiskStore(root) if root is not None else None, version=__version__)
