"""The namespaces probe's verdict is kept between runs, and forgotten when a sandboxed start fails."""

import os

import pytest

from grader import sandbox


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("GRADE_ISOLATION", raising=False)
    sandbox.isolation.cache_clear()
    yield tmp_path
    sandbox.isolation.cache_clear()


def needs_namespaces():
    if sandbox.isolation().level != sandbox.NAMESPACES:
        pytest.skip("this machine has no namespaces level")


def test_verdict_is_cached_and_reused(fresh_cache, monkeypatch):
    needs_namespaces()
    path = sandbox._probe_cache_path(sandbox._find_bwrap())
    assert path.startswith(str(fresh_cache)) and os.path.exists(path)
    sandbox.isolation.cache_clear()

    def no_probe(*args, **kwargs):
        raise AssertionError("probed again despite a fresh verdict")

    monkeypatch.setattr(sandbox.subprocess, "run", no_probe)
    assert sandbox.isolation().level == sandbox.NAMESPACES


def test_old_verdict_is_probed_again(fresh_cache):
    needs_namespaces()
    path = sandbox._probe_cache_path(sandbox._find_bwrap())
    old = os.stat(path).st_mtime - sandbox.PROBE_CACHE_SECONDS - 10
    os.utime(path, (old, old))
    assert sandbox._cached_verdict(path) is None


def test_failed_start_forgets_the_verdict(fresh_cache):
    needs_namespaces()
    path = sandbox._probe_cache_path(sandbox._find_bwrap())
    sandbox.forget_probe()
    assert not os.path.exists(path)
