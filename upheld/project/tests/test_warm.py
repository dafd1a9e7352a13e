"""A web process puts what it holds at start-up out of the garbage collector's sight
(warm.py): a full collection then walks only what requests made."""

import gc

from upheld.project import warm


def test_after_settling_a_full_collection_walks_only_what_came_later():
    thresholds = gc.get_threshold()
    tracked = len(gc.get_objects())
    try:
        warm.settle()
        assert gc.get_freeze_count() >= tracked // 2  # the start-up's objects, views included
        assert len(gc.get_objects()) < tracked // 10  # what a full collection still walks
        assert gc.get_threshold()[0] == warm.YOUNGEST
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
