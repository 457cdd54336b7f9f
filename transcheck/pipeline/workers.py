"""The worker processes of a scan and what they run: segmentation in pass 1, whole stories in pass 2."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future

from ..config import Settings
from ..results import DocumentReport
from .analysis import segment_and_tag
from .engine import Engine
from .story import Pending, story_reports

Sentences = tuple[list[tuple[int, int]], list[str]]  # a text's sentence offsets and their languages

_WORKER_ENGINE: Engine | None = None


def _die_with_parent(parent: int) -> None:
    """End this worker when its parent process ends, even by SIGKILL (no orphan keeps a core busy):
    on Linux the kernel sends it SIGTERM (``PR_SET_PDEATHSIG``); elsewhere a thread polls the
    parent's pid every half second."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(1, int(signal.SIGTERM), 0, 0, 0) == 0:  # 1: PR_SET_PDEATHSIG
                if os.getppid() != parent:  # the parent died before the call
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=watch, name="transcheck-parent-watch", daemon=True).start()


def _worker_start(settings: Settings, parent: int) -> None:
    global _WORKER_ENGINE
    _die_with_parent(parent)
    _WORKER_ENGINE = Engine(settings)
    inner = getattr(_WORKER_ENGINE.encoder, "inner", None)
    if inner is not None and hasattr(inner, "threads"):
        inner.threads = 1  # the workers share the cores; one ONNX Runtime thread each


def _worker_segment(text: str) -> Sentences:
    assert _WORKER_ENGINE is not None
    segs, langs = segment_and_tag(text, _WORKER_ENGINE.settings.max_sentences)
    return [(sg.start, sg.end) for sg in segs], langs


def _worker_story(items: list[tuple[Pending, str]]) -> list[DocumentReport]:
    assert _WORKER_ENGINE is not None
    return story_reports(_WORKER_ENGINE, items)


class WorkerPool:
    """Worker processes of a scan, each with its own engine (a new ONNX Runtime session and SQLite
    connection; nothing of the parent's is used). In pass 1 they segment and language-tag texts; in
    pass 2 they analyse whole stories, with sentence vectors from the on-disk cache that pass 1
    filled. Forked where the platform forks (Linux): workers start in milliseconds and callers'
    scripts need no ``if __name__ == "__main__"`` guard; spawned elsewhere. A worker ends when
    the process that started it does, however it ends (:func:`_die_with_parent`).
    A pool that breaks (e.g. a spawned child that cannot import the caller's script) is given up and
    the remaining texts and stories are handled in this process."""

    def __init__(self, jobs: int, settings: Settings):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        # the tokenizers library warns in a forked child if the parent used its thread pool
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        self.jobs = jobs
        self._pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method),
                                         initializer=_worker_start, initargs=(settings, os.getpid()))
        self.broken = False

    def submit(self, items: list[tuple[Pending, str]]) -> Future[list[DocumentReport]] | None:
        return self._run(_worker_story, items)

    def segment(self, text: str) -> Future[Sentences] | None:
        return self._run(_worker_segment, text)

    def _run(self, fn: Callable, arg) -> Future | None:
        """``fn(arg)`` in a worker, or None: the caller then runs it here."""
        if self.broken:
            return None
        try:
            return self._pool.submit(fn, arg)
        except Exception:  # BrokenProcessPool, RuntimeError: run here instead
            self.broken = True
            return None

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
