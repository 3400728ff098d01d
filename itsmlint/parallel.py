"""Share a list of work items between this process and forked helpers (``--jobs``).

Both loading and checking use it: the items are numbered, every process takes
the next free number from a shared counter (so a slow item does not hold the
others up), and each helper sends back what it computed when the list is
done. The calling process works too instead of waiting, and the helpers are
forked, so they start with everything the caller has built (the corpus, the
directory of people) without copying it through a pipe.

The result is the list of results in item order, whoever computed them, so a
run with helpers gives what a run without them gives. An item a helper could
not finish (it raised, or the helper died) is computed again by the caller,
where its error surfaces exactly as it would without helpers. Where ``fork``
does not exist (Windows), :func:`map_forked` returns None and the caller does
the work alone.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

_FAILED = object()


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def map_forked(
    count: int, work: Callable[[int], T], jobs: int, done: Callable[[int], None] | None = None
) -> list[T] | None:
    """``[work(0), …, work(count - 1)]`` computed by this process and ``jobs - 1`` forked helpers.

    ``done(i)`` is called in this process for each item it finishes itself.
    Returns None, having done nothing, when processes cannot be forked here.
    """
    if not can_fork():
        return None
    context = multiprocessing.get_context("fork")
    counter = context.Value("l", 0)

    def take() -> int | None:
        with counter.get_lock():
            item = int(counter.value)
            counter.value = item + 1
        return item if item < count else None

    def helper(pipe: Any) -> None:
        found: dict[int, Any] = {}
        while (item := take()) is not None:
            try:
                found[item] = work(item)
            except BaseException:  # the caller computes it again and sees the error itself
                found[item] = _FAILED
        pipe.send(found)
        pipe.close()

    results: dict[int, Any] = {}
    helpers = []
    try:
        for _ in range(max(0, jobs - 1)):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=helper, args=(send,), daemon=True)
            process.start()
            send.close()
            helpers.append((process, receive))
        while (item := take()) is not None:
            results[item] = work(item)
            if done is not None:
                done(item)
        for _, receive in helpers:
            with contextlib.suppress(EOFError, OSError):  # a helper that died: its items are done again below
                results.update(receive.recv())
    finally:
        for process, receive in helpers:
            receive.close()
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()
    for item in range(count):
        if results.get(item, _FAILED) is _FAILED:
            results[item] = work(item)
    return [results[item] for item in range(count)]
