"""The cyclic garbage collector's settings: set once per process, never switched off and on.

An advice page or assessment allocates hundreds of thousands of small objects and makes few
reference cycles. With Python's default thresholds (700, 10, 10) the collector ran about 300
times an assessment, and each full pass walked every long-lived object: modules, templates, the
catalog. gc.disable()/gc.enable() around the work is no remedy in a threaded server: the switch
is process-wide, so each thread turns it back on for the others.
"""

from __future__ import annotations

import gc

# Collect the youngest generation after 200,000 net new objects instead of 700. Reference counting
# frees a request's objects before the collector sees most of them; an advice page leaves about
# 35 objects in cycles for it. Per assessment of a student against 13,000 programs (with its
# reasons) the collector took 35 ms at 50,000 and none at 200,000; against 100,000, 660 ms and 380.
THRESHOLDS = (200_000, 10, 10)


def tune_collector() -> None:
    gc.set_threshold(*THRESHOLDS)


def freeze_long_lived() -> None:
    """Keep every object alive now out of the collector's passes for good (gc.freeze()).

    Call it once, when the app and its long-lived data are loaded and no request is running:
    an unreachable cycle frozen here would never be collected.
    """
    gc.collect()
    gc.freeze()
