"""The latest state of every negotiation as a persisted read model, kept with the index.

The documents live in the projection ``negotiation_index`` beside the index's ``n/`` and
``a/`` documents, so they are written through the same :class:`ReadModelStore` and share its
checkpoint (``projection_checkpoints`` row ``negotiation_index``):

- ``s/<negotiation>``: the summary of the state folded from every indexed event of the
  negotiation up to the checkpoint, with no ``as_of`` (what ``state(negotiation)``
  returns): the state with every section (:data:`~.state_document.SECTIONS`: each list
  that grows with the events) empty, and the SHA-256, count and size of each section's
  document, in the compact layout of :mod:`timeline.projections.state_document` (each view
  an array of its fields, each source stored once per document and cited by number).
- ``p/<negotiation>/<path>``: the document of one section (``proposals``,
  ``agreement.sources``...). :func:`~timeline.projections.state_document.decode_state`
  decodes a summary with its sections; they are plain JSON too.
- ``d/<negotiation>``: the same state as the terminal shows it (:mod:`timeline.display`:
  panels, tables and lines of final words), so that ``timeline state`` can print it
  without loading the state's models (:mod:`.fast_state`).
- ``m/<negotiation>``: its stamp, ``{"version": V, "position": P, "sha256": H, "display":
  D}``: ``V`` the fold version that wrote it (:func:`timeline.fold_version.fold_version`),
  ``P`` the checkpoint it was rendered at, ``H`` and ``D`` the SHA-256 (hex) of the UTF-8
  of the ``s/`` and ``d/`` documents.
- ``x/stale``: a JSON list of the negotiations whose ``s/`` document is behind the
  checkpoint: a catch-up moved the checkpoint over their events and has not rendered them
  yet (it is running, or was interrupted and the next catch-up renders them first).
- ``c/<article id>``: a JSON list of negotiations whose events cite the article although
  none of their own events ingests it (an article filed under another negotiation): when
  the article is ingested (again), their states are rendered again. An entry may outlive
  the citation (it then costs one needless render, never a wrong state).

**How to tell ``s/<n>`` is current**, in ONE read transaction: read the checkpoint ``C``
(``projection_checkpoints.position`` where ``projection = 'negotiation_index'``), ``m/<n>``
and ``x/stale``. The ``s/<n>`` document is the state of ``n`` as of store position ``C``
iff ``m/<n>`` decodes, its ``version`` equals :func:`~timeline.fold_version.fold_version`,
``n`` is not in ``x/stale`` and ``x/stale`` decodes (a list of strings), and the SHA-256 of
``s/<n>`` equals its ``sha256`` (of ``d/<n>``: its ``display``); each section
``p/<n>/<path>`` is then the one of that state iff its SHA-256 is the one the summary gives
for it. Anything else (missing, undecodable, another version, a digest that differs): fold
the state from the events instead. ``C`` below the store's head (``max(events.position)``)
means events recorded since are not in it (``state`` catches up first). ``P <= C`` always;
``P < C`` only says that no event after ``P`` changed ``n``.

A minimal reader (SQLite, standard library only; ``timeline.fold_version`` imports nothing
else)::

    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN")  # one snapshot for the three reads
    (checkpoint,) = db.execute(
        "SELECT position FROM projection_checkpoints WHERE projection = 'negotiation_index'"
    ).fetchone() or (0,)
    docs = dict(db.execute(
        "SELECT key, document FROM projection_documents "
        "WHERE projection = 'negotiation_index' AND (key IN (?, ?, ?) OR key LIKE ?)",
        (f"m/{name}", "x/stale", f"s/{name}", f"p/{name}/%"),
    ))  # (a name holding % or _ needs the keys of SECTIONS listed instead of LIKE)
    db.execute("COMMIT")
    # current iff: json.loads(docs[f"m/{name}"])["version"] == fold_version(), name not in
    # json.loads(docs.get("x/stale", "[]")), sha256(docs[f"s/{name}"]) == its "sha256";
    # then decode_state(docs[f"s/{name}"], {path: docs[f"p/{name}/{path}"] ...}) is the
    # state (None if a section is not the one the summary vouches for)

Invariant: in every committed state of the read model, every ``s/`` document whose stamp
has the running version and whose negotiation is not in ``x/stale`` equals the fold of the
negotiation's indexed events up to the checkpoint. Every write of these documents either
moves the checkpoint together with the index's documents (a catch-up's flush) or checks it
is unchanged (``expected``): a writer that lost a race writes nothing.

Maintenance: a catch-up that renders (``ProjectionRunner(render_states=True)``, the default:
``timeline projections catch-up`` and ``rebuild``) renders each negotiation its events touched
once, at its end, never per flush (:class:`StateWriter`);
intermediate flushes list them in ``x/stale``. A catch-up that does not render (the one every
read command of :class:`timeline.app.Timeline` runs first) only lists them in ``x/stale``, and
``state`` renders, writes and returns a stale or missing one when asked for it
(:func:`render_and_keep`): a read pays for the states it reads, never for every negotiation
the new events touched. Either way a render folds the negotiation from its best fold
snapshot and the events indexed after it (:func:`~timeline.projections.snapshots.fold_from`,
from scratch when it has none), then renders the whole state: the render is not incremental.

Reading (:func:`read_latest`) decodes the summary alone: a state whose sections are
deferred (:mod:`timeline.domain.deferred`), built without validation (the stamp vouches
for the summary, the summary for each section: see :mod:`.state_document`). A section is
read, checked against its digest and decoded when first read; reading the whole state
(``model_dump_json``, equality...) reads every section at once. A section whose document is
missing, replaced since (a later render) or undecodable is taken from the fold of the
events known at the stamp's position, from the snapshots (:class:`_Sections`): the served
state is always the whole state, never an error. So a dashboard reading the status,
parties, agreement, next meeting and counts (:func:`section_counts`) of a large negotiation
pays for its summary (kilobytes), not for its 30 MB of sections. Decoded states are kept
per read-model store, keyed by the stamp's digest, so asking again for an unchanged state
reads only the stamp (and the sections already read are not read again).
"""

from __future__ import annotations

import json
import threading
import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import partial

from timeline.display import encode_display, state_display
from timeline.domain.deferred import Deferrable, Loader, defer, loader_of
from timeline.domain.fold import ArticleInfo
from timeline.domain.render import Consolidated, consolidated, render
from timeline.domain.subjects import KeyWords
from timeline.domain.views import NegotiationState
from timeline.errors import ConcurrencyError, StoreError
from timeline.fold_version import fold_version
from timeline.projections.folding import collector_paused
from timeline.projections.index import (
    ARTICLE,
    PROJECTION,
    Documents,
    EventsAt,
    IndexView,
    decode_article,
    negotiation_of_key,
    negotiation_prefix,
    positions_in,
)
from timeline.projections.negotiation import History, KnownAt, cited_elsewhere, known
from timeline.projections.snapshots import Folded, due, fold_from, keep
from timeline.projections.state_document import (
    SECTIONS,
    Encoded,
    SectionRef,
    decode_section,
    decode_state,
    decode_summary,
    encode_state,
    holder_of,
    section_value,
    sha256_text,
)
from timeline.store.readmodels import ReadModelStore

STATE = "s/"
SECTION = "p/"
DISPLAY = "d/"
STAMP = "m/"
CITED = "c/"
STALE = "x/stale"

STATE_FLUSH_BYTES = 32 * 1024 * 1024
"""Rendered state documents written per transaction (a rebuild renders every negotiation)."""


def state_key(negotiation: str) -> str:
    return f"{STATE}{negotiation}"


def section_key(negotiation: str, path: str) -> str:
    return f"{SECTION}{negotiation}/{path}"


def section_keys(negotiation: str) -> dict[str, str]:
    """The key of each section document of the negotiation, by section path."""
    return {path: section_key(negotiation, path) for path in SECTIONS}


def display_key(negotiation: str) -> str:
    return f"{DISPLAY}{negotiation}"


def stamp_key(negotiation: str) -> str:
    return f"{STAMP}{negotiation}"


def cited_key(article_id: str) -> str:
    return f"{CITED}{article_id}"


@dataclass(frozen=True, slots=True)
class Stamp:
    """What an ``m/`` document says of its ``s/`` document."""

    version: str
    position: int
    sha256: str
    display: str
    """The SHA-256 of the ``d/`` document."""

    def encode(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def decode(cls, document: str | None) -> Stamp | None:
        """The stamp, or None when the document is missing or not a stamp."""
        if document is None:
            return None
        try:
            data = json.loads(document)
            version, position, digest = data["version"], data["position"], data["sha256"]
            display = data["display"]
        except (ValueError, TypeError, KeyError):
            return None
        if (
            not isinstance(version, str)
            or not isinstance(digest, str)
            or not isinstance(display, str)
            or not isinstance(position, int)
            or isinstance(position, bool)
        ):
            return None
        return cls(version, position, digest, display)


def decode_names(document: str | None) -> set[str] | None:
    """A JSON list of names (``x/stale``, ``c/``); an empty set when missing, None when
    undecodable (the caller must then trust nothing it would have said)."""
    if document is None:
        return set()
    try:
        data = json.loads(document)
    except ValueError:
        return None
    if not isinstance(data, list) or not all(isinstance(name, str) for name in data):
        return None
    return set(data)


def encode_names(names: Iterable[str]) -> str:
    return json.dumps(sorted(set(names)), separators=(",", ":"))


class Overlay:
    """Documents of a store with a batch not yet written on top (what the store will hold
    once the batch, which ends at ``position``, is written)."""

    def __init__(self, store: Documents, pending: Mapping[str, str], position: int) -> None:
        self.store = store
        self.pending = pending
        self.position = position

    def checkpoint(self, projection: str) -> int:
        """The position the store will be at once the batch is written."""
        return self.position

    def scan(self, projection: str, prefix: str = "") -> Iterator[tuple[str, str]]:
        merged = dict(self.store.scan(projection, prefix))
        if projection == PROJECTION:
            merged.update((k, d) for k, d in self.pending.items() if k.startswith(prefix))
        for key in sorted(merged):
            yield key, merged[key]

    def get(self, projection: str, keys: list[str]) -> dict[str, str]:
        if projection != PROJECTION:
            return self.store.get(projection, keys)
        found = self.store.get(projection, [k for k in keys if k not in self.pending])
        found.update({k: self.pending[k] for k in keys if k in self.pending})
        return found


def history_in(
    docs: Documents, rows: EventsAt, negotiation: str, *, known_at: KnownAt | None = None
) -> tuple[History, set[str]]:
    """The negotiation's events known at ``known_at`` (each decoded once) with the articles
    of other negotiations their evidence cites (from the index), and the ids of every such
    cited article (found in the index or not yet)."""
    until = known_at if isinstance(known_at, int) else None
    events = tuple(known(rows.events_at(positions_in(docs, negotiation, until)), known_at))
    missing = sorted(cited_elsewhere(events))
    articles: dict[str, ArticleInfo] = {}
    if missing:
        found = docs.get(PROJECTION, [f"{ARTICLE}{a}" for a in missing])
        for document in found.values():
            info = decode_article(document)
            articles[info.article_id] = info
    return History(negotiation, events, articles), set(missing)


@dataclass(frozen=True, slots=True)
class Rendered:
    """A negotiation's latest state as persisted: its ``s/`` summary and ``p/`` sections,
    and its ``d/`` display."""

    state: Encoded
    display: str

    @classmethod
    def of(cls, state: NegotiationState) -> Rendered:
        with collector_paused():  # they allocate much and free nothing: see .folding
            return cls(encode_state(state), encode_display(state_display(state)))

    @property
    def size(self) -> int:
        return self.state.size + len(self.display)

    def documents(self, negotiation: str, position: int) -> dict[str, str]:
        """The ``s/``, ``p/``, ``d/`` and ``m/`` documents, stamped by the running fold
        version as rendered at ``position`` (the stamp vouches for the summary, which
        vouches for every section)."""
        summary = self.state.summary
        stamp = Stamp(fold_version(), position, sha256_text(summary), sha256_text(self.display))
        documents = {state_key(negotiation): summary}
        for path, key in section_keys(negotiation).items():
            documents[key] = self.state.sections[path]
        documents[display_key(negotiation)] = self.display
        documents[stamp_key(negotiation)] = stamp.encode()
        return documents


def render_latest(
    docs: IndexView, rows: EventsAt, negotiation: str, *, words: KeyWords | None = None
) -> tuple[Rendered, set[str]]:
    """The documents of a negotiation's latest state folded from the index in ``docs``,
    and the articles of other negotiations its events cite."""
    state, cited = render_state(docs, rows, negotiation, words=words)
    return Rendered.of(state), cited


def render_state(
    docs: IndexView,
    rows: EventsAt,
    negotiation: str,
    *,
    words: KeyWords | None = None,
    known_at: int | None = None,
) -> tuple[NegotiationState, set[str]]:
    """The latest state of a negotiation folded from the index in ``docs`` (as known at
    ``known_at``), and the articles of other negotiations its events cite (``words``: the
    key-word memo rendering shares)."""
    state, folded, _parts = render_folded(docs, rows, negotiation, words=words, known_at=known_at)
    return state, set(folded.provenance.elsewhere())


def render_folded(
    docs: IndexView,
    rows: EventsAt,
    negotiation: str,
    *,
    words: KeyWords | None = None,
    known_at: int | None = None,
) -> tuple[NegotiationState, Folded, Consolidated]:
    """The state of :func:`render_state`, the fold it was rendered from (from the best
    fold snapshot and the events after it, see
    :func:`~timeline.projections.snapshots.fold_from`) and its consolidation (which a
    snapshot of that fold keeps: see :func:`~timeline.projections.snapshots.keep`)."""
    with collector_paused():
        folded = fold_from(docs, rows, negotiation, known_at=known_at, words=words)
        parts = consolidated(folded.fold)
        return render(folded.fold, parts=parts), folded, parts


class StateWriter:
    """Renders negotiations' states and writes them, a transaction per
    :data:`STATE_FLUSH_BYTES`, each moving (first) or re-asserting the checkpoint.

    ``docs`` is what the store holds once the first write is done (the index batch being
    written on top of it); ``stale`` the negotiations whose documents are behind.
    """

    def __init__(
        self,
        target: ReadModelStore,
        rows: EventsAt,
        *,
        flush_bytes: int | None = None,
        words: KeyWords | None = None,
        snapshots: bool = True,
    ) -> None:
        self.target = target
        self.rows = rows
        self.flush_bytes = STATE_FLUSH_BYTES if flush_bytes is None else flush_bytes
        self.words = words
        self.snapshots = snapshots
        """Whether a fold rendered is kept as a fold snapshot when :func:`due` (then the
        runner, which keeps them after a catch-up, finds it and folds nothing again)."""
        self._cited: dict[str, set[str]] = {}
        """``c/`` documents updated by this writer, by key (later renders must see them)."""
        self.moved = False
        """Whether the last :meth:`write` moved the checkpoint (its first transaction)."""

    def cited_by(self, docs: Documents, articles: Iterable[str]) -> set[str]:
        """The negotiations that cite ``articles`` from elsewhere (``c/`` documents)."""
        keys = [cited_key(a) for a in articles]
        found = docs.get(PROJECTION, [k for k in keys if k not in self._cited])
        names: set[str] = set()
        for key in keys:
            listed = self._cited.get(key)
            if listed is None:
                decoded = decode_names(found.get(key))
                listed = decoded if decoded is not None else set()
            names |= listed
        return names

    def write(
        self,
        index_docs: dict[str, str],
        negotiations: set[str],
        *,
        position: int,
        expected: int,
    ) -> None:
        """Write ``index_docs`` and the states of ``negotiations``, moving the checkpoint
        from ``expected`` to ``position`` with the first transaction.

        Raises ConcurrencyError (nothing more written) when another writer moved it.
        """
        self.moved = False
        docs = Overlay(self.target, index_docs, position)
        pending = dict(index_docs)
        remaining = sorted(negotiations)
        pending[STALE] = encode_names(remaining)
        size = 0
        start = expected
        kept: tuple[Folded, Consolidated] | None = None
        while remaining:
            name = remaining.pop(0)
            state, folded, parts = render_folded(docs, self.rows, name, words=self.words)
            rendered = Rendered.of(state)
            del state
            cited = folded.provenance.elsewhere()
            if self.snapshots and due(folded):
                # kept once the checkpoint is at its position, just below, with the
                # consolidation rendering made (not computed again to encode it)
                kept = (folded, parts)
            del folded, parts
            pending.update(rendered.documents(name, position))
            for article in cited:
                key = cited_key(article)
                listed = self._cited.get(key)
                if listed is None:
                    decoded = decode_names(docs.get(PROJECTION, [key]).get(key))
                    listed = decoded if decoded is not None else set()
                    self._cited[key] = listed
                if name not in listed:
                    listed.add(name)
                    pending[key] = encode_names(listed)
            pending[STALE] = encode_names(remaining)
            size += rendered.size
            if (size >= self.flush_bytes or kept is not None) and remaining:
                self.target.write(PROJECTION, pending, position, expected=start)
                self.moved, start = True, position
                pending, size = {STALE: encode_names(remaining)}, 0
                if kept is not None:
                    keep(self.target, *kept)
                    kept = None
        self.target.write(PROJECTION, pending, position, expected=start)
        self.moved = True
        if kept is not None:
            keep(self.target, *kept)


# -- reading -------------------------------------------------------------------------------

_Cache = dict[str, tuple[str, int, NegotiationState]]
"""Per negotiation: the digest of its summary, its documents' size, the decoded state."""
_CACHE_ATTRIBUTE = "_timeline_latest_states"
_CACHES: weakref.WeakKeyDictionary[object, _Cache] = weakref.WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()
CACHED_BYTES = 64 * 1024 * 1024
"""Decoded states kept per read-model store, the most recently read first, up to this size
of their documents (the latest one is always kept: its caller holds it anyway)."""


def _cache_of(store: object) -> _Cache:
    """The store's decoded states. Kept on the store itself when it takes attributes: a
    state whose sections are still to load holds its store, and a cache keyed weakly by the
    store would then keep the store alive for ever (a cycle through an attribute is
    collected with the store)."""
    with _CACHE_LOCK:
        cache: _Cache | None = getattr(store, _CACHE_ATTRIBUTE, None)
        if cache is not None:
            return cache
        cache = {}
        try:
            setattr(store, _CACHE_ATTRIBUTE, cache)
        except AttributeError:
            cache = _CACHES.setdefault(store, cache)
        return cache


class _Sections:
    """Loads the sections of one served state, each when first read: its document, checked
    against the SHA-256 its summary gives and decoded. A section that is missing, is not
    that document (a later render replaced it) or does not decode is taken instead from the
    fold of the negotiation's events known at the stamp's position, folded once and shared
    by every section still to load: the state the summary was rendered from. (One caveat,
    that of every ``known_at`` fold: the articles of other negotiations that its events
    cite are read from the index as it is now, so an article of that kind ingested after
    the stamp's position, whose ingestion renders the state again and so replaces the
    sections, gives its outlet and wire to the sources taken from the fold.)"""

    def __init__(
        self,
        store: ReadModelStore,
        rows: EventsAt,
        negotiation: str,
        position: int,
        refs: Mapping[str, SectionRef],
    ) -> None:
        self.store = store
        self.rows = rows
        self.negotiation = negotiation
        self.position = position
        self.refs = refs
        self.folded: NegotiationState | None = None
        self.lock = threading.Lock()

    def load(self, path: str) -> object:
        return self.load_many((path,))[path]

    def load_many(self, paths: Sequence[str]) -> dict[str, object]:
        """The sections ``paths``, read in one query and decoded with the collector paused
        (a collection between two sections would rescan every object the first made)."""
        with self.lock, collector_paused():
            if self.folded is None:
                keys = {path: section_key(self.negotiation, path) for path in paths}
                documents = self.store.get(PROJECTION, list(keys.values()))
                found: dict[str, object] = {}
                for path, key in keys.items():
                    document = documents.get(key)
                    if document is None or sha256_text(document) != self.refs[path].sha256:
                        break
                    value = decode_section(path, document)
                    if value is None:
                        break
                    found[path] = value[0]
                else:
                    return found
                self.folded = render_state(
                    self.store, self.rows, self.negotiation, known_at=self.position
                )[0]
            return {path: section_value(self.folded, path) for path in paths}

    def defer(self, state: NegotiationState) -> None:
        """Leave every section out of ``state`` (a fresh summary) until it is read; reading
        the whole state reads the sections of the views it holds too, in the same pause of
        the collector."""
        by_holder: dict[int, tuple[Deferrable, dict[str, str]]] = {}
        for path in SECTIONS:
            holder, name = holder_of(state, path)
            by_holder.setdefault(id(holder), (holder, {}))[1][name] = path
        nested = [holder for holder, _paths in by_holder.values() if holder is not state]
        for holder, paths in by_holder.values():
            loaders: dict[str, Loader] = {
                name: _SectionLoader(self, path) for name, path in paths.items()
            }
            also = nested if holder is state else []
            defer(holder, loaders, batch=partial(self._batch, paths, also))

    def _batch(
        self, paths: Mapping[str, str], nested: list[Deferrable], names: tuple[str, ...]
    ) -> dict[str, object]:
        with collector_paused():
            values = self.load_many([paths[name] for name in names])
            for holder in nested:
                vars(holder)  # reads (loads) its deferred fields too
        return {name: values[paths[name]] for name in names}


class _SectionLoader:
    """Loads one section of a served state (what :func:`defer` calls)."""

    __slots__ = ("path", "sections")

    def __init__(self, sections: _Sections, path: str) -> None:
        self.sections = sections
        self.path = path

    def __call__(self) -> object:
        return self.sections.load(self.path)


def read_latest(
    store: ReadModelStore,
    negotiation: str,
    *,
    at_most: int | None = None,
    rows: EventsAt | None = None,
) -> NegotiationState | None:
    """The persisted latest state of ``negotiation``, or None when there is no current,
    decodable one (see the module docstring) or, with ``at_most``, when the checkpoint is
    beyond that position. States are values: never mutate one (a state read again while
    unchanged is the same object).

    With ``rows`` (the store's events, to fold from) only the summary is read now, and each
    section when it is first read (:class:`_Sections`, :mod:`timeline.domain.deferred`);
    without, every section is read and checked now, and any of them missing or undecodable
    answers None."""
    cache = _cache_of(store)
    keys = section_keys(negotiation)
    with store.snapshot() as view:
        if at_most is not None and view.checkpoint(PROJECTION) > at_most:
            return None
        found = view.get(PROJECTION, [stamp_key(negotiation), STALE])
        stamp = Stamp.decode(found.get(stamp_key(negotiation)))
        stale = decode_names(found.get(STALE))
        if stamp is None or stamp.version != fold_version() or stale is None:
            return None
        if negotiation in stale:
            return None
        hit = cache.get(negotiation)
        if hit is not None and hit[0] == stamp.sha256:
            _remember(store, negotiation, *hit)  # the most recently used
            return hit[2]
        wanted = [state_key(negotiation)] + ([] if rows is not None else list(keys.values()))
        documents = view.get(PROJECTION, wanted)
    document = documents.get(state_key(negotiation))
    if document is None or sha256_text(document) != stamp.sha256:
        return None
    if rows is None:
        sections = {path: documents[key] for path, key in keys.items() if key in documents}
        state = decode_state(document, sections)
        size = len(document) + sum(map(len, sections.values()))
    else:
        summary = decode_summary(document)
        if summary is None:
            return None
        state, size = summary.state, len(document) + summary.size
        if state.negotiation == negotiation and state.as_of is None:
            _Sections(store, rows, negotiation, stamp.position, summary.sections).defer(state)
    if state is None or state.negotiation != negotiation or state.as_of is not None:
        return None
    _remember(store, negotiation, stamp.sha256, size, state)
    return state


def _remember(
    store: object, negotiation: str, digest: str, size: int, state: NegotiationState
) -> None:
    cache = _cache_of(store)
    with _CACHE_LOCK:
        cache.pop(negotiation, None)
        cache[negotiation] = (digest, size, state)
        total = sum(entry[1] for entry in cache.values())
        while total > CACHED_BYTES and len(cache) > 1:
            total -= cache.pop(next(iter(cache)))[1]


def section_counts(state: NegotiationState) -> dict[str, int]:
    """The number of items in each section of ``state`` (:data:`SECTIONS`), read from its
    summary for the sections not loaded yet: what a dashboard shows without loading them."""
    out: dict[str, int] = {}
    for path in SECTIONS:
        holder, name = holder_of(state, path)
        loader = loader_of(holder, name)
        if isinstance(loader, _SectionLoader):
            out[path] = loader.sections.refs[path].count
        else:
            out[path] = len(section_value(state, path))
    return out


def render_and_keep(
    store: ReadModelStore, rows: EventsAt, negotiation: str, *, words: KeyWords | None = None
) -> NegotiationState | None:
    """Render one negotiation's latest state at the current checkpoint, write it (its
    document was missing, behind, undecodable or of another fold version) and return it.

    None when the read model was never caught up or no indexed event names the negotiation
    (nothing to keep). The write is skipped silently when a catch-up moves the checkpoint
    meanwhile or the store cannot be written (a read-only database): the state returned is
    still the one of the checkpoint it was folded at.
    """
    with store.snapshot() as view:
        position = view.checkpoint(PROJECTION)
        if (
            not position
            or next(view.scan(PROJECTION, negotiation_prefix(negotiation)), None) is None
        ):
            return None
        stale = decode_names(view.get(PROJECTION, [STALE]).get(STALE))
        state, cited = render_state(view, rows, negotiation, words=words)
        cited_docs = view.get(PROJECTION, [cited_key(a) for a in sorted(cited)])
    rendered = Rendered.of(state)
    documents = rendered.documents(negotiation, position)
    if stale is not None and negotiation in stale:
        documents[STALE] = encode_names(stale - {negotiation})
    for article in sorted(cited):
        key = cited_key(article)
        listed = decode_names(cited_docs.get(key)) or set()
        if negotiation not in listed:
            documents[key] = encode_names(listed | {negotiation})
    try:
        store.write(PROJECTION, documents, position, expected=position)
    except (ConcurrencyError, StoreError):
        return state
    _remember(store, negotiation, sha256_text(rendered.state.summary), rendered.size, state)
    return state


def stale_in(store: Documents) -> set[str] | None:
    """The negotiations whose documents are behind (None: ``x/stale`` is undecodable)."""
    return decode_names(store.get(PROJECTION, [STALE]).get(STALE))


def indexed_negotiations(store: Documents) -> set[str]:
    """Every negotiation the index knows."""
    names = set()
    for key, _doc in store.scan(PROJECTION, "n/"):
        name = negotiation_of_key(key)
        if name is not None:
            names.add(name)
    return names
