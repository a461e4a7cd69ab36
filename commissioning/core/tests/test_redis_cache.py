"""The Redis cache backend shares one client per pool, and still reads and writes (against the local Redis when
one is running, as in CI and `make bench`)."""

import socket

import pytest

from commissioning.core.redis_cache import SharedClientRedisCache

URL = "redis://127.0.0.1:6379/15"


def _redis_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


def test_one_client_per_pool():
    cache = SharedClientRedisCache(URL, {})
    reader = cache._cache.get_client(write=False)
    writer = cache._cache.get_client(write=True)
    assert cache._cache.get_client("any key") is reader
    assert cache._cache.get_client(write=True) is writer  # one server: the same pool, so the same client
    assert writer is reader


@pytest.mark.skipif(not _redis_running(), reason="no Redis on 127.0.0.1:6379")
def test_it_reads_writes_and_deletes():
    cache = SharedClientRedisCache(URL, {"TIMEOUT": 60})
    cache.set("shared-client-test", {"figure": 42})
    assert cache.get("shared-client-test") == {"figure": 42}
    assert cache.get_many(["shared-client-test", "missing"]) == {"shared-client-test": {"figure": 42}}
    cache.delete("shared-client-test")
    assert cache.get("shared-client-test") is None
