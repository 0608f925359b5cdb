"""Pausing the garbage collector restores its state, whatever it was."""

import gc

import pytest

from kg.gc_pause import gc_paused


def test_gc_paused_restores_the_collector_state():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # an inner pause does not re-enable an outer one
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_decorated_functions_keep_their_names():
    from kg.build import build_graph
    from kg.store import load

    assert build_graph.__name__ == "build_graph" and load.__name__ == "load"
