"""A user-level cache, so unchanged rules and unchanged files cost almost nothing the next time.

Two kinds of entries live in one SQLite file in the user cache folder (platformdirs):
the validated rule set, keyed by the bytes of every rule file, and each file's findings,
keyed by its text, the rule set, the model, the settings and yeslint's version. SQLite
makes concurrent runs safe; a cache that cannot be read or written is dropped and rebuilt,
never an error: it only ever saves time.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import pickle
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from yeslint import __version__

log = logging.getLogger(__name__)

SCHEMA = "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB NOT NULL)"
ENV_DIR = "YESLINT_CACHE_DIR"
ENV_OFF = "YESLINT_NO_CACHE"


def cache_dir() -> Path:
    if override := os.environ.get(ENV_DIR):
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("yeslint", appauthor=False))


def enabled() -> bool:
    return not os.environ.get(ENV_OFF)


@functools.cache
def code_stamp() -> str:
    """yeslint's own code as it is on disk: the size and modification time of every module.

    The version alone is not enough in an editable install, where the code changes under
    the same version and cached findings would outlive the code that produced them.
    """
    package = Path(__file__).resolve().parent
    stamps = []
    for module in sorted(package.rglob("*.py")):
        with contextlib.suppress(OSError):
            info = module.stat()
            stamps.append(f"{module.relative_to(package)}:{info.st_size}:{info.st_mtime_ns}")
    return "|".join(stamps)


def fingerprint(*parts: bytes | str) -> str:
    digest = hashlib.sha256(__version__.encode())
    digest.update(code_stamp().encode())
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


@contextlib.contextmanager
def _connect() -> Iterator[sqlite3.Connection | None]:
    path = cache_dir() / "cache.sqlite3"
    connection = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=5)
        # No waiting for the disk on each commit (two thirds of a cold run's cache time): a
        # power cut may lose the last entries or damage the file, and a damaged file is
        # deleted below and rebuilt, as a cache may be.
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute(SCHEMA)
        yield connection
        connection.commit()
    except (sqlite3.Error, OSError) as exc:  # corrupt, locked too long, read-only: rebuild later
        log.debug("cache unavailable: %s", exc)
        if connection is not None:
            connection.close()
            connection = None
        if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
            with contextlib.suppress(OSError):
                path.unlink()
        yield None
    finally:
        if connection is not None:
            connection.close()


def get(key: str) -> Any | None:
    if not enabled():
        return None
    with _connect() as db:
        if db is None:
            return None
        try:
            row = db.execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
    if row is None:
        return None
    try:
        return pickle.loads(row[0])  # our own cache, in the user's own folder
    except Exception:  # an entry written by another version: ignore it
        return None


def put_many(items: list[tuple[str, Any]]) -> None:
    if not enabled() or not items:
        return
    rows = [(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)) for key, value in items]
    with _connect() as db:
        if db is None:
            return
        with contextlib.suppress(sqlite3.Error):
            db.executemany("INSERT OR REPLACE INTO entries (key, value) VALUES (?, ?)", rows)


def get_many(keys: list[str]) -> dict[str, Any]:
    if not enabled() or not keys:
        return {}
    found: dict[str, Any] = {}
    with _connect() as db:
        if db is None:
            return {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            try:
                rows = db.execute(f"SELECT key, value FROM entries WHERE key IN ({marks})", chunk).fetchall()
            except sqlite3.Error:
                return found
            for key, value in rows:
                with contextlib.suppress(Exception):
                    found[key] = pickle.loads(value)
    return found


def clean() -> Path:
    """Delete the cache folder's database; return where it was."""
    folder = cache_dir()
    for name in ("cache.sqlite3", "cache.sqlite3-journal", "cache.sqlite3-wal", "cache.sqlite3-shm"):
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()
    return folder
