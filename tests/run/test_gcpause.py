"""gc_paused: collection off inside the block, the caller's setting restored after it; freeze."""

from __future__ import annotations

import gc

import pytest

from codesmell.run.gcpause import gc_paused


def test_pauses_and_restores_enabled_collector() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_restores_after_an_exception() -> None:
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_leaves_a_disabled_collector_disabled() -> None:
    gc.disable()
    try:
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_gc_paused_restores_the_collector_and_freeze_keeps_objects_alive() -> None:
    assert gc.isenabled()
    with gc_paused(freeze=True):
        assert not gc.isenabled()
        kept = [(i, str(i)) for i in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0
    gc.unfreeze()
    assert kept[-1] == (999, "999")
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # a caller's own pause is left alone
    finally:
        gc.enable()


def test_keep_until_exit_frees_normally_unless_the_process_leaves_at_exit() -> None:
    import subprocess
    import sys
    import weakref

    from codesmell.run.gcpause import keep_until_exit

    class Node:
        pass

    kept = Node()
    ref = weakref.ref(kept)
    keep_until_exit(kept)  # the API: nothing kept
    del kept
    assert ref() is None
    # a process that leaves at exit keeps the object through collections (in a child: freeze is process-wide)
    script = (
        "import gc, weakref\n"
        "from codesmell.run.gcpause import keep_until_exit, leave_at_exit\n"
        "class Node: pass\n"
        "leave_at_exit()\n"
        "kept = Node(); ref = weakref.ref(kept)\n"
        "keep_until_exit(kept)\n"
        "del kept; gc.collect()\n"
        "print(ref() is not None)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"
