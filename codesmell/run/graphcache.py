"""The whole `ModuleGraph` of a run, keyed by the content of every input, in `.codesmell_cache/`.

The per-file cache (`codesmell.run.cache`) makes a warm run skip parsing, but the
graph is a whole-program result: resolving names, the points-to solve and Louvain
were redone on every run although no file changed (about 3 s of CPU on the standard
library, most of a warm run). This entry stores the finished graph under a key made
of every input that decides it — the sorted (module, path, is_package, sha256) of
each module, the graph options, codesmell's version, this format and the fields of
the graph classes — so any edited, added, removed or renamed file, or another
option, misses and rebuilds. Paths are in the key because the graph reports them.

Safety is `codesmell.run.cache`'s: the entry is `MAGIC | key | sha256(payload) |
payload`, written atomically; the unpickler resolves exactly the frozen classes of
`codesmell.graph.model` (their construction runs no code the entry chooses) and
nothing else; after loading, every field of every object is checked against the
class's annotations, so an entry that unpickles to the wrong shape is ignored and
rebuilt, never trusted.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import os
import pickle
import tempfile
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import Any

from codesmell import __version__
from codesmell.fsio import _mode_for
from codesmell.graph import model as graph_model
from codesmell.graph.model import GraphOptions, ModuleGraph
from codesmell.model import FileResult
from codesmell.run.cache import (
    CACHE_DIR_NAME,
    DIGEST_LEN,
    RestrictedUnpickler,
    ResultCache,
    header_with_digest,
    seal,
    unseal,
)

# 2: straight-line versions and type guards in the points-to solve; 3: the calls in parts;
# 4: a function nested in a C twin (a cache's `wrapper`) gives no result of its own (same facts, other calls);
# 6: `functools.partial` of analysed code is followed (5 was a branch's); 7: wrapper contexts per decoration;
# 8: returns under `if p is None:` only where the call may take that branch; 9: defs under TYPE_CHECKING bind nothing;
# 10: an open-world receiver over the cap takes the heirs that answer its reads differently first;
# 11: reading a method an analysed descriptor class decorates (`cached_property`) runs its `__get__`, holds its result;
#     `x.__class__`/`type(x)` hold x's classes, `x.__class__ = C` makes x a C;
# 12: only `self`'s class is taken; a decoration whose result holds nothing leaves the function;
# 13: of an open-world `self`, not a base only its heirs construct
_FORMAT = 13
_MAGIC = b"codesmell-graph\x01"
GRAPH_SUFFIX = ".graph"
TEXT_SUFFIX = ".text"
_TEXT_MAGIC = b"codesmell-gtext\x01"
_CALLS_PER_PART = 50_000  # calls per pickle in a graph entry (`_dump_graph`)
KEEP = 4  # graph entries kept per cache directory (several option sets or branches)

_CLASSES: tuple[type, ...] = (
    graph_model.GraphOptions,
    graph_model.ModuleNode,
    graph_model.Edge,
    graph_model.Call,
    graph_model.Community,
    graph_model.Split,
    graph_model.Level,
    graph_model.Cycle,
    graph_model.Misplaced,
    graph_model.GraphStats,
    graph_model.ModuleGraph,
)
_ALLOWED = {("codesmell.graph.model", cls.__name__): cls for cls in _CLASSES}
_SCHEMA = ";".join(f"{cls.__name__}:{','.join(f.name for f in dataclasses.fields(cls))}" for cls in _CLASSES)
# field name -> annotation, per class, for the shape check
_HINTS: dict[type, tuple[tuple[str, Any], ...]] = {
    cls: tuple((f.name, typing.get_type_hints(cls)[f.name]) for f in dataclasses.fields(cls))
    for cls in _CLASSES
}


def graph_key(results: Sequence[FileResult], options: GraphOptions) -> str:
    """The content key of the graph `graph_of_results(results, options)` builds."""
    inputs = sorted(
        (r.module, r.path, str(r.graph.is_package), r.sha256) for r in results if r.graph is not None
    )
    raw = "\0".join(
        [__version__, str(_FORMAT), _SCHEMA, repr(options), *("\x01".join(item) for item in inputs)]
    )
    return hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


def encode_graph(key: str, graph: ModuleGraph) -> bytes:
    payload = io.BytesIO()
    _dump_graph(payload, key, graph)
    return seal(_MAGIC, key, payload.getvalue())


def _dump_graph(out: Any, key: str, graph: ModuleGraph) -> None:
    """The payload: one pickle of `(key, graph without its calls, number of parts)`, then the calls in parts.

    A pickler's memo holds every object it has written until it is done: 607k calls on 3.4M lines
    made it ~110 MB, allocated fresh while the solve's freed memory is still held (a main-process
    peak). Each part is its own pickle, so the memo never holds more than one part's objects;
    strings shared across parts are written again, which costs less than the memo's long
    references (the file is 15 % smaller).
    """
    calls = graph.calls
    parts = range(0, len(calls), _CALLS_PER_PART)
    pickler = pickle.Pickler(out, protocol=5)
    pickler.dump((key, dataclasses.replace(graph, calls=()), len(parts)))
    for start in parts:
        pickler.clear_memo()
        pickler.dump(calls[start : start + _CALLS_PER_PART])


def decode_graph(data: bytes, key: str, options: GraphOptions) -> ModuleGraph | None:
    """The entry's graph if it is whole, stored under `key`, built with `options` and of the right shape."""
    payload = unseal(data, _MAGIC, key)
    if payload is None:
        return None
    stream = io.BytesIO(payload)
    try:
        record = RestrictedUnpickler(stream, _ALLOWED, "a graph entry").load()
        if type(record) is not tuple or len(record) != 3 or record[0] != key or type(record[2]) is not int:
            return None
        # a new unpickler per part: each part's memo starts at 0, as its pickler's did
        parts = [RestrictedUnpickler(stream, _ALLOWED, "a graph entry").load() for _ in range(record[2])]
        if stream.read(1):
            return None  # more than the parts it announced
        if not all(type(part) is tuple for part in parts):
            return None
        graph = record[1]
        if type(graph) is not ModuleGraph or graph.calls != ():
            return None
        graph = dataclasses.replace(graph, calls=tuple(chain.from_iterable(parts)))
    except Exception:  # any malformed pickle means: rebuild
        return None
    if not _conforms(graph, ModuleGraph) or graph.options != options:
        return None
    return graph


def _conforms(value: Any, hint: Any) -> bool:
    """Whether `value` matches the annotation `hint` (the annotations of `codesmell.graph.model`)."""
    return _all_conform([value], hint)


def _all_conform(values: list[Any], hint: Any) -> bool:
    """Whether every one of `values` matches `hint`; checked a column at a time (36k objects on the stdlib)."""
    if hint in _HINTS:
        return set(map(type, values)) <= {hint} and all(
            _all_conform([getattr(value, name) for value in values], sub) for name, sub in _HINTS[hint]
        )
    if hint is float:
        return set(map(type, values)) <= {float, int}
    if hint in (str, int, bool):
        return set(map(type, values)) <= {hint}
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is tuple:
        if not set(map(type, values)) <= {tuple}:
            return False
        if len(args) == 2 and args[1] is Ellipsis:
            return _all_conform(list(chain.from_iterable(values)), args[0])
        return all(len(value) == len(args) for value in values) and all(
            _all_conform([value[index] for value in values], sub) for index, sub in enumerate(args)
        )
    if args:  # a union such as `int | bool`: every value matches one member
        return all(any(_all_conform([value], sub) for sub in args) for value in values)
    return False


class GraphCache:
    """Graph entries next to the per-file ones (`.codesmell_cache/<version>/graph/`)."""

    def __init__(self, root: Path) -> None:
        self.directory = root / CACHE_DIR_NAME / __version__ / "graph"
        self._files = ResultCache(root)  # for its .gitignore

    def _entry(self, key: str) -> str:
        return os.path.join(self.directory, key + GRAPH_SUFFIX)

    def load(self, key: str, options: GraphOptions) -> ModuleGraph | None:
        try:
            with open(self._entry(key), "rb") as handle:
                data = handle.read()
        except OSError:
            return None
        return decode_graph(data, key, options)

    def store(self, key: str, graph: ModuleGraph) -> None:
        """`encode_graph`'s bytes, pickled straight into the entry's file: the payload (30 MB on 3.4M
        lines, written while the graph and the solver's read-out are alive) is never held whole."""
        writer = _EntryWriter(self, key, _MAGIC, GRAPH_SUFFIX)
        try:
            _dump_graph(writer, key, graph)
            writer.commit()
        finally:
            writer.close()

    def load_text(self, key: str) -> str | None:
        """A rendered graph stored under `key`, if whole (text needs no shape check: it is only printed)."""
        try:
            with open(os.path.join(self.directory, key + TEXT_SUFFIX), "rb") as handle:
                data = handle.read()
        except OSError:
            return None
        payload = unseal(data, _TEXT_MAGIC, key)
        if payload is None:
            return None
        try:
            return str(payload, "utf-8")  # from the buffer itself: no copy of a 180 MB text
        except UnicodeDecodeError:
            return None

    def store_text_chunks(self, key: str, chunks: Iterable[str]) -> Iterator[str]:
        """`chunks`, passed on one by one and stored meanwhile as the text under `key` (read by `load_text`).

        The text is never held whole: its entry is written as the pieces go by (the digest
        in its header last), and it is kept once the last piece has gone; if the reading
        stops before (an error, a closed pipe), nothing is stored.
        """
        writer = _EntryWriter(self, key, _TEXT_MAGIC, TEXT_SUFFIX)
        try:
            for chunk in chunks:
                writer.write(chunk.encode("utf-8"))
                yield chunk
            writer.commit()
        finally:
            writer.close()

    def _prune(self, kept: str, suffix: str = GRAPH_SUFFIX) -> None:
        """Keep the newest `KEEP` entries: every edit makes a new key, old graphs would pile up."""
        entries = []
        for entry in os.scandir(self.directory):
            if entry.name.endswith(suffix) and entry.name != kept + suffix:
                try:
                    entries.append((entry.stat().st_mtime_ns, entry.path))
                except OSError:
                    continue  # removed by a concurrent run
        for _, path in sorted(entries, reverse=True)[KEEP - 1 :]:
            with contextlib.suppress(OSError):
                os.unlink(path)


class _EntryWriter:
    """An entry written piece by piece: a temporary file, its digest filled in, then renamed into place."""

    def __init__(self, cache: GraphCache, key: str, magic: bytes, suffix: str) -> None:
        self._cache = cache
        self._key = key
        self._suffix = suffix
        self._digest = hashlib.sha256()
        self._handle: Any = None
        self._tmp = ""
        # the digest zeroed until the payload is known: `commit` writes it in place, here
        header = header_with_digest(magic, key, bytes(DIGEST_LEN))
        self._digest_at = len(header) - DIGEST_LEN
        try:
            cache._files._ensure_gitignore()
            os.makedirs(cache.directory, exist_ok=True)
            fd, self._tmp = tempfile.mkstemp(prefix=f".{key}.", suffix=".tmp", dir=cache.directory)
            self._handle = os.fdopen(fd, "wb")
            self._handle.write(header)
        except OSError:
            self.close()  # a read-only tree still gets its text, just not cached

    def write(self, data: bytes | memoryview) -> None:
        if self._handle is None:
            return
        self._digest.update(data)
        try:
            self._handle.write(data)
        except OSError:
            self.close()

    def commit(self) -> None:
        handle = self._handle
        if handle is None:
            return
        try:
            handle.seek(self._digest_at)
            handle.write(self._digest.digest())
            handle.close()
            self._handle = None
            final = os.path.join(self._cache.directory, self._key + self._suffix)
            os.chmod(self._tmp, _mode_for(Path(final)))  # what `write_chunks_atomic` gives it
            os.replace(self._tmp, final)
            self._tmp = ""
            self._cache._prune(self._key, self._suffix)
        except OSError:
            self.close()

    def close(self) -> None:
        """Drop what is not committed."""
        if self._handle is not None:
            with contextlib.suppress(OSError):
                self._handle.close()
            self._handle = None
        if self._tmp:
            with contextlib.suppress(OSError):
                os.unlink(self._tmp)
            self._tmp = ""


def cached_graph_of_results(
    results: Sequence[FileResult],
    options: GraphOptions,
    cache_root: Path | None,
    release: bool = False,
    key: str | None = None,
) -> ModuleGraph:
    """`graph_of_results`, served from and stored into the graph cache under `cache_root` (None: no cache).

    `release`: see `graph_of_results` (the results lose their facts when the graph is built).
    `key`: `graph_key(results, options)` when the caller has it already.
    """
    from codesmell.graph.pipeline import graph_of_results

    if cache_root is None:
        return graph_of_results(results, options, release=release)
    cache = GraphCache(cache_root)
    if key is None:
        key = graph_key(results, options)
    graph = cache.load(key, options)
    if graph is None:
        graph = graph_of_results(results, options, release=release)
        cache.store(key, graph)
    return graph


def cached_rendering_chunks(
    results: Sequence[FileResult],
    options: GraphOptions,
    cache_root: Path | None,
    variant: str,
    render: Callable[[ModuleGraph], Iterable[str]],
    release: bool = False,
) -> Iterator[str]:
    """The pieces of `render(graph)` for the run's graph, the text cached under the graph key and `variant`.

    `release`: see `graph_of_results` (the results lose their facts if the graph is built).

    `variant` names everything besides the graph that decides the text (format, level).
    A warm `codesmell graph` then skips loading the graph and encoding it again
    (together 0.5 s of a 1.5 s warm run on the standard library). The text is never held
    whole: on a miss each piece is stored as it goes by (`GraphCache.store_text_chunks`); on
    a hit the stored text comes back in slices.
    """
    if cache_root is None:
        yield from render(cached_graph_of_results(results, options, None, release))
        return
    cache = GraphCache(cache_root)
    graph_entry = graph_key(results, options)
    key = hashlib.sha256(f"{graph_entry}\0{variant}".encode()).hexdigest()
    text = cache.load_text(key)
    if text is not None:
        for start in range(0, len(text), _SLICE):
            yield text[start : start + _SLICE]
        return
    graph = cached_graph_of_results(results, options, cache_root, release, graph_entry)
    yield from cache.store_text_chunks(key, render(graph))


_SLICE = 1 << 20
