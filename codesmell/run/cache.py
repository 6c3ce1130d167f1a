"""Per-file results keyed by content hash, in `.codesmell_cache/` (like `.ruff_cache`).

One file per entry, named by its key (content hash + codesmell version + cache
format + result schema + what the caller says changes the result). An entry is
`MAGIC | key | sha256(payload) | payload`, the payload a pickle of plain
values and codesmell's own frozen result classes, plus each function's line of
`metrics --format json` (`serialize.function_json_head`), which a warm run prints
as stored instead of encoding 16k functions again (0.2 s on the stdlib).

Why pickle, and why it is safe here: a warm run over the standard library
reads 16k functions with 72k complexity increments; building them from JSON
took 0.4 s of a 0.9 s run, unpickling them takes 0.1 s. Unpickling is only
unsafe because a pickle may name any callable; `RestrictedUnpickler.find_class` allows
exactly the result classes of `codesmell.model` (whose construction runs no
code of the entry's choosing) and nothing else, so an entry written by someone
else — a `.codesmell_cache/` committed to a repository, say — can never run
code. The digest catches truncated and damaged files, the key a file under the
wrong name, the shape checks anything else that unpickles to the wrong thing:
such entries are ignored and rebuilt, never trusted. (An entry forged on
purpose with a valid digest can forge that file's results, as with any cache
in the project directory; it cannot do more.)

Entries are written to a temporary file and renamed into place, so concurrent
runs never see half an entry; two runs writing the same key write the same
result, so the last rename wins harmlessly. Per-file entries were kept over one
packed file: opening and reading the 734 entries of the stdlib costs 15 ms,
and a packed file would need locking to not lose entries under concurrent runs.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import pickle
from collections.abc import Mapping
from itertools import chain
from pathlib import Path
from typing import Any

from codesmell import __version__
from codesmell.fsio import atomic_write, write_bytes_atomic
from codesmell.model import (
    EncodedFunctions,
    FileError,
    FileResult,
    FunctionMetrics,
    Increment,
    NotebookMap,
    Suggestion,
)
from codesmell.output.serialize import functions_json_heads, with_functions_json

CACHE_DIR_NAME = ".codesmell_cache"
_FORMAT = 7  # 1: one JSON document per entry; 2: no function JSON; 4: recursion in cognitive, flow facts; 5: versions, guards; 6: returns under `p is None`; 7: no bindings of defs under TYPE_CHECKING
_MAGIC = b"codesmell-cache\x03"
_KEY_LEN = 64  # hex sha256
DIGEST_LEN = 32  # sha256, the last field of a sealed header
ENTRY_SUFFIX = ".entry"

# The only globals an entry may name: constructing these runs no code an entry chooses.
_ALLOWED = {("codesmell.model", cls.__name__): cls for cls in (FunctionMetrics, Increment, Suggestion, FileError)}
# Entries from before a field was added or renamed in the result classes must not load.
_SCHEMA = ";".join(
    f"{cls.__name__}:{','.join(f.name for f in dataclasses.fields(cls))}" for cls in (FileResult, *_ALLOWED.values())
)


def cache_key(sha256: str, module: str, is_package: bool, with_graph: bool, fingerprint: str) -> str:
    raw = "\0".join(
        [__version__, str(_FORMAT), _SCHEMA, sha256, module, str(is_package), str(with_graph), fingerprint]
    )
    return hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


class RestrictedUnpickler(pickle.Unpickler):
    """Refuses every global but those in `allowed` (see the module docstring); `what` names the entry in the error.

    One for the result cache and the graph cache, so both refuse the same way.
    """

    def __init__(
        self, payload: bytes | memoryview | io.BytesIO, allowed: Mapping[tuple[str, str], Any], what: str
    ) -> None:
        # a stream: several pickles read one after the other (a graph entry's parts)
        super().__init__(payload if isinstance(payload, io.BytesIO) else io.BytesIO(payload))
        self._allowed = allowed
        self._what = what

    def find_class(self, module: str, name: str) -> Any:
        try:
            return self._allowed[module, name]
        except KeyError:
            raise pickle.UnpicklingError(f"global {module}.{name} is not allowed in {self._what}") from None


class ResultCache:
    def __init__(self, root: Path) -> None:
        self.directory = root / CACHE_DIR_NAME / __version__
        self._gitignore_checked = False

    def _entry(self, key: str) -> str:
        return os.path.join(self.directory, key[:2], key + ENTRY_SUFFIX)

    def load(self, key: str, path: str) -> FileResult | None:
        """The cached result for `key`, shown under `path`; None if missing or not trustworthy."""
        try:
            with open(self._entry(key), "rb") as handle:
                data = handle.read()
        except OSError:
            return None
        return decode_entry(data, key, path)

    def store(self, key: str, result: FileResult) -> FileResult:
        """Cache `result` (its path is not stored: the same bytes may live elsewhere).

        Returns `result` carrying the functions' JSON the entry stores, for the output to reuse.
        """
        result = with_functions_json(result, tuple(functions_json_heads(result)))
        try:
            self._ensure_gitignore()
            write_bytes_atomic(Path(self._entry(key)), encode_entry(key, result), durable=False)
        except OSError:
            pass  # a read-only tree still gets its results, just not cached
        return result

    def _ensure_gitignore(self) -> None:
        if self._gitignore_checked:
            return
        gitignore = self.directory.parent / ".gitignore"
        if not gitignore.exists():
            atomic_write(gitignore, "# created by codesmell\n*\n")
        self._gitignore_checked = True


def read_entry(entry: Path) -> FileResult | None:
    """The result an entry file holds (path ""), checked against the key its name gives; for tests and tools."""
    key = entry.name.removesuffix(ENTRY_SUFFIX)
    return decode_entry(entry.read_bytes(), key, "") if len(key) == _KEY_LEN else None


def encode_entry(key: str, result: FileResult) -> bytes:
    graph = result.graph.to_json() if result.graph is not None else None
    texts = tuple(functions_json_heads(result))
    notebook = result.notebook
    cells = (notebook.starts, notebook.cells, notebook.ipynb_lines) if notebook is not None else None
    record = (
        key, result.module, result.functions, result.errors, result.noqa, graph, result.sha256, result.lines, texts,
        cells, result.maintainability,
    )
    return seal(_MAGIC, key, pickle.dumps(record, protocol=5))


def seal(magic: bytes, key: str, payload: bytes) -> bytes:
    """`magic | key | sha256(payload) | payload`: the envelope of every cache file (results, graphs, texts)."""
    return seal_header(magic, key, payload) + payload


def seal_header(magic: bytes, key: str, payload: bytes) -> bytes:
    """What `seal` puts before `payload`: written before it, a large payload is never copied."""
    return header_with_digest(magic, key, hashlib.sha256(payload).digest())


def header_with_digest(magic: bytes, key: str, digest: bytes) -> bytes:
    """`seal_header` for a payload digested as it is written: the digest is its last `DIGEST_LEN` bytes."""
    return magic + key.encode("ascii") + digest


def unseal(data: bytes, magic: bytes, key: str) -> memoryview | None:
    """The payload of a `seal`ed file if it is whole and stored under `magic` and `key`, else None."""
    header = len(magic) + _KEY_LEN + DIGEST_LEN
    if len(data) < header or data[: len(magic) + _KEY_LEN] != magic + key.encode("ascii"):
        return None
    payload = memoryview(data)[header:]
    if hashlib.sha256(payload).digest() != data[header - DIGEST_LEN : header]:
        return None
    return payload


def decode_entry(data: bytes, key: str, path: str) -> FileResult | None:
    """The entry's result if it is whole, stored under `key` and of the right shape, else None."""
    payload = unseal(data, _MAGIC, key)
    if payload is None:
        return None
    try:
        record = RestrictedUnpickler(payload, _ALLOWED, "a cache entry").load()
    except Exception:  # any malformed pickle (it raises many error types) means: rebuild
        return None
    return _result_of(record, key, path)


def _result_of(record: Any, key: str, path: str) -> FileResult | None:
    """Check the shape of an unpickled record, at every level the outputs read.

    Type sets built by `map` in C: 9 ms for the stdlib's 100k objects, a quarter
    of a per-object `all(isinstance...)`.
    """
    if type(record) is not tuple or len(record) != 11:
        return None
    stored_key, module, functions, errors, noqa, graph_data, sha256, lines, texts, cells, maintainability = record
    if maintainability is not None and type(maintainability) is not float:
        return None
    if (
        stored_key != key
        or type(module) is not str
        or type(sha256) is not str
        or type(lines) is not int
        or not _is_tuple_of(functions, FunctionMetrics)
        or not _is_tuple_of(errors, FileError)
        or not _is_tuple_of(noqa, tuple)
        or not _is_tuple_of(texts, str)
        or len(texts) != len(functions)
        or not _are_tuples_of([f.__dict__.get("increments") for f in functions], Increment)
        or not _are_tuples_of([f.__dict__.get("suggestions") for f in functions], Suggestion)
    ):
        return None
    notebook = None
    if cells is not None:
        if type(cells) is not tuple or len(cells) != 3 or not all(_is_tuple_of(part, int) for part in cells):
            return None
        notebook = NotebookMap(*cells)
    graph = None
    if graph_data is not None:
        from codesmell.graph.facts import ModuleFacts

        try:
            graph = ModuleFacts.from_json(graph_data)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return None
    return FileResult(path, module, functions, errors, noqa, graph, sha256, lines, EncodedFunctions(functions, texts),
                      notebook, maintainability)


def _is_tuple_of(value: Any, cls: type) -> bool:
    return type(value) is tuple and set(map(type, value)) <= {cls}


def _are_tuples_of(values: list[Any], cls: type) -> bool:
    return set(map(type, values)) <= {tuple} and set(map(type, chain.from_iterable(values))) <= {cls}
