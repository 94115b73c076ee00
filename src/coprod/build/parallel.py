"""Independent pieces of work run in forked worker processes, results in order.

The worker processes are forked from the caller, so they start with everything it
holds (the project, the site model, compiled templates) without pickling any of
it; only the items handed out and the results coming back cross between processes.
Where fork is not available, or one job is asked for, the work runs in-process:
the results are the same either way.
"""

from __future__ import annotations

import gc
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import Callable, Sequence, TypeVar

State = TypeVar("State")
Item = TypeVar("Item")
Result = TypeVar("Result")

# The worker's copy of the caller's state, set once per process by the pool's initializer.
_worker_state = None


def _init_worker(state) -> None:
    global _worker_state
    _worker_state = state


def _run_batch(function, batch: list) -> list:
    return [function(_worker_state, item) for item in batch]


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def forked_map(function: Callable[[State, Item], Result], state: State, items: Sequence[Item], jobs: int,
               batch_size: int, progress: Callable[[int], None] | None = None) -> list[Result]:
    """``[function(state, item) for item in items]``, computed in ``jobs`` forked processes.

    ``function`` must be a module-level function (it is pickled by name); ``state`` is
    inherited through fork. ``progress(n)`` is called as each batch of n items is done.
    An exception raised by ``function`` is raised here.
    """
    if jobs <= 1 or not can_fork() or len(items) <= batch_size:
        results = []
        for item in items:
            results.append(function(state, item))
            if progress:
                progress(1)
        return results
    batches = [list(items[start:start + batch_size]) for start in range(0, len(items), batch_size)]
    results = []
    # Objects that exist now are left out of garbage collection from here on, so the
    # workers' collector does not write to (and so copy) every page they share with us.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker, initargs=(state,)) as pool:
            for batch_results in pool.map(partial(_run_batch, function), batches):
                results += batch_results
                if progress:
                    progress(len(batch_results))
    finally:
        gc.unfreeze()
    return results
