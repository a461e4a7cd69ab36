"""Django's Redis cache with one Redis client per connection pool, made once per process.

Django's own client builds a new `redis.Redis` for every cache call; building one fills a table of ~170 response
callbacks, which cost about 0.1 ms of CPU each time, and every request makes several cache calls (session, the
signed-in person, their device, the body). A `redis.Redis` is safe to share between threads (each command takes a
connection from the pool), and the pool notices a fork and opens new connections in the child.
"""

from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # The private parts of Django's client are not in django-stubs.
        index = self._get_connection_pool_index(write)  # type: ignore[attr-defined]
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
            client = self._clients[index] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
