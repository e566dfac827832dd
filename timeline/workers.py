"""Derivation on every core: worker processes derive articles for the one process that
appends them.

Why one writer. Deriving an article costs tens of milliseconds of CPU; appending it costs
well under one. So the pool's workers derive, and the process that ingests appends each
article's events itself, in the order of its files, exactly as a one-process ingest does:
the event log of an ingest with N workers is the log of an ingest with one (the same events,
the same ids, in the same order at the same positions; only the store clock's
``recorded_at`` differs). Appending from each worker would change nothing the store
guarantees (appends are atomic per article and idempotent by event id) but would make the
order depend on which worker finished first, and would have every worker contend for the
store's single write lock; it would also not work with the in-memory store.

What the writer costs. With two workers on two cores the writer's CPU is taken from the
workers, so it is kept small (``Timeline._ingest_in_pool``): a new article is read and looked
up once, when it is handed to the pool, and the new articles whose derivations are done are
appended together, each its own stream from version 0, in one transaction (one commit and
one fsync for several articles, the same events at the same positions as one append each).
When such a group cannot be appended as read (a file before it, or another process, stored
one of its articles since), nothing of it is written and each of its files takes the
one-process path, which reads the store again: the outcomes and the log stay those of one
process.

How. A :class:`DerivationPool` is a ``concurrent.futures.ProcessPoolExecutor`` whose workers
receive the catalog once, when they start. On POSIX the workers are forked from a fork
server that has loaded spaCy and built the pipeline and the rules' matchers once
(:mod:`timeline.derivation.warm`), so a worker derives at once; elsewhere each worker is
spawned and builds them on its first article. Workers never touch the store.

Faults. An error deriving one article (timeline's own, or an unexpected exception, reported
as a bug naming the file) travels back whole and is reported for that file, as in one
process. A worker that dies (``kill -9``, the out-of-memory killer) breaks the pool: it is
replaced, and each article that was in flight is derived again alone in a fresh worker; an
article whose worker dies a second time is reported as an error naming its file, and the
batch goes on. Ctrl-C reaches the ingesting process only (workers ignore SIGINT), which
stops the workers; an append in progress (one article or a group) rolls back whole, and the
files before it stay stored and reported. Each worker holds the reading end
of a pipe whose writing end only the ingesting process holds: when that process dies
(``kill -9``), the pipe closes and the worker exits at once, and the fork server with it,
instead of waiting for work forever (the fork server lives as long as any worker).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from functools import partial
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext

from timeline.derivation.articles import Article
from timeline.derivation.catalog import Catalog
from timeline.derivation.ingestion import DerivedArticle, derive_article
from timeline.errors import ArticleError, TimelineError

Derive = Callable[[Article, Catalog], DerivedArticle]
"""What derives one article with a catalog (``derive_article``; a test may give another,
defined at a module's top level so that a worker can import it)."""

WARM_MODULE = "timeline.derivation.warm"
"""The module the fork server imports before forking workers: it builds the pipeline."""

IN_FLIGHT_PER_WORKER = 4
"""Articles read and handed to the pool ahead of the one being appended, per worker: enough
to keep every worker busy while the appending process reads, appends and reports."""

LEAST_GROUP_PER_WORKER = 2
"""New articles the appending process waits for, per worker, to append them in one
transaction: half the articles in flight, so that the workers keep the other half to derive
meanwhile, and one commit (and its fsync) serves several articles."""


def default_workers() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def derive_reported(
    article: Article, catalog: Catalog, where: str, derive: Derive = derive_article
) -> DerivedArticle:
    """Derive one article; an unexpected exception becomes an ArticleError naming it."""
    try:
        return derive(article, catalog)
    except TimelineError:
        raise
    except Exception as error:
        raise ArticleError.unexpected(where, "deriving", error) from error


class DerivationPool:
    """Worker processes that derive articles with one catalog.

    Invariants: the workers never write to any store; a derivation handed to the pool
    either returns the article's events or raises a TimelineError naming the article's
    file (a dead worker included); the processes start with the first article and end
    with :meth:`close`.
    """

    def __init__(self, catalog: Catalog, workers: int, *, derive: Derive = derive_article):
        if workers < 1:
            raise ValueError(f"a pool needs at least one worker, not {workers}")
        self.catalog = catalog
        self.workers = workers
        self._derive = derive
        self._context = _start_method()
        self._executor: ProcessPoolExecutor | None = None
        self._lifelines: dict[ProcessPoolExecutor, tuple[Connection, Connection]] = {}

    @property
    def in_flight(self) -> int:
        """How many articles to hand over ahead of the one being appended."""
        return IN_FLIGHT_PER_WORKER * self.workers

    @property
    def least_group(self) -> int:
        """How many derived articles to wait for before appending them together."""
        return LEAST_GROUP_PER_WORKER * self.workers

    def submit(self, article: Article, where: str) -> Derived:
        """Start deriving ``article`` (named ``where`` in errors) in a worker."""
        executor = self._running()
        try:
            future = executor.submit(_derive_in_worker, article, where)
        except BrokenProcessPool:  # a worker died since: start afresh
            self._discard(executor)
            executor = self._running()
            future = executor.submit(_derive_in_worker, article, where)
        return Derived(future, partial(self._result, executor, future, article, where))

    def pids(self) -> list[int]:
        """The process ids of the running workers."""
        return [] if self._executor is None else list(self._executor._processes or {})

    def close(self, *, now: bool = False) -> None:
        """End the workers: after the derivations in progress, or ``now``, killing them."""
        executor, self._executor = self._executor, None
        if executor is None:
            return
        if now:
            for process in list((executor._processes or {}).values()):
                process.terminate()
        self._shut(executor, wait=True)

    def __enter__(self) -> DerivationPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close(now=exc_info[0] is not None)

    # -- internals ---------------------------------------------------------------------
    def _start(self, workers: int) -> ProcessPoolExecutor:
        alive, lifeline = self._context.Pipe(duplex=False)  # workers read, only we write
        executor = ProcessPoolExecutor(
            workers,
            mp_context=self._context,
            initializer=_start_worker,
            initargs=(self.catalog, self._derive, alive),
        )
        self._lifelines[executor] = (alive, lifeline)
        return executor

    def _shut(self, executor: ProcessPoolExecutor, *, wait: bool) -> None:
        executor.shutdown(wait=wait, cancel_futures=True)
        for end in self._lifelines.pop(executor, ()):
            end.close()

    def _running(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = self._start(self.workers)
        return self._executor

    def _discard(self, executor: ProcessPoolExecutor) -> None:
        """Forget a broken executor (its workers are gone or going)."""
        if self._executor is executor:
            self._executor = None
        self._shut(executor, wait=False)

    def _result(
        self,
        executor: ProcessPoolExecutor,
        future: Future[DerivedArticle],
        article: Article,
        where: str,
    ) -> DerivedArticle:
        try:
            return future.result()
        except (BrokenProcessPool, CancelledError):
            # Some worker died, maybe not this article's (its pool broke, or was shut after
            # a death): derive it again alone, so that a second death is its own.
            self._discard(executor)
            return self._alone(article, where)

    def _alone(self, article: Article, where: str) -> DerivedArticle:
        alone = self._start(1)
        try:
            return alone.submit(_derive_in_worker, article, where).result()
        except BrokenProcessPool:
            raise ArticleError(
                where,
                "the worker process deriving it ended abruptly twice (killed, or out of "
                "memory?); nothing of it was stored",
            ) from None
        finally:
            self._shut(alone, wait=True)


class Derived:
    """An article's derivation handed to the pool: wait for it and take its result."""

    __slots__ = ("_future", "_result")

    def __init__(
        self, future: Future[DerivedArticle], result: Callable[[], DerivedArticle]
    ) -> None:
        self._future = future
        self._result = result

    def __call__(self) -> DerivedArticle:
        """The derived article (waiting for it), or its error; a dead worker's article is
        derived again alone (see :class:`DerivationPool`)."""
        return self._result()

    def succeeded(self, *, wait: bool) -> bool:
        """Whether the worker derived it without error: False while it is still running,
        unless ``wait``; False too when it failed or its worker died (calling it then
        reports the error or derives it again)."""
        if not wait and not self._future.done():
            return False
        try:
            return self._future.exception() is None
        except CancelledError:  # its pool was shut after a worker died
            return False


def _start_method() -> BaseContext:
    """A fork server that has built the pipeline (POSIX), else fresh interpreters."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([WARM_MODULE])
        return context
    return multiprocessing.get_context("spawn")


# -- in the worker processes ----------------------------------------------------------------

_worker: tuple[Catalog, Derive] | None = None
"""The catalog and the derivation of this worker process (set when it starts)."""


def _start_worker(catalog: Catalog, derive: Derive, alive: Connection) -> None:
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the ingesting process's to handle
    _worker = (catalog, derive)
    threading.Thread(target=_exit_when_orphaned, args=(alive,), daemon=True).start()


def _exit_when_orphaned(alive: Connection) -> None:
    """End this worker when the ingesting process is gone: the pipe it alone writes to
    closes (nothing is ever sent on it)."""
    with suppress(EOFError, OSError):
        alive.recv_bytes()
    os._exit(1)


def _derive_in_worker(article: Article, where: str) -> DerivedArticle:
    if _worker is None:
        raise RuntimeError("a derivation ran outside a started worker")
    catalog, derive = _worker
    return derive_reported(article, catalog, where, derive)
