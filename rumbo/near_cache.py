"""A cache in this process's memory in front of a shared one, for entries whose key names exactly what they hold.

The kept pages' keys hold the edition of the data they show (orgs/fragments.py), so an entry is never
overwritten with something else: what one process read from the shared cache (Redis, or the files of
the data folder) it may answer again from its own memory, without asking. A write goes to both; the
memory keeps the entries read or written last (MAX_ENTRIES, as Django's local-memory cache does) and
forgets the rest. Never for an entry that changes under its key, such as a count (the "throttle" cache).

    "pages": {"BACKEND": "rumbo.near_cache.NearCache", "LOCATION": "pages",
              "OPTIONS": {"FAR": {"BACKEND": ..., "LOCATION": ...}, "MAX_ENTRIES": 300}},
"""

from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.utils.module_loading import import_string

_MISSING = object()


class NearCache(BaseCache):
    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        options = params.get("OPTIONS", {})
        far = options["FAR"]
        self.far: BaseCache = import_string(far["BACKEND"])(far.get("LOCATION", ""), far)
        self.near = LocMemCache(
            f"near-{location}", {"TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": options.get("MAX_ENTRIES", 300)}}
        )

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        value = self.near.get(key, _MISSING, version)
        if value is _MISSING:
            value = self.far.get(key, _MISSING, version)
            if value is _MISSING:
                return default
            self.near.set(key, value, version=version)
        return value

    def set(self, key: Any, value: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self.far.set(key, value, timeout, version)
        self.near.set(key, value, version=version)

    def add(self, key: Any, value: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        added = self.far.add(key, value, timeout, version)
        if added:
            self.near.set(key, value, version=version)
        return added

    def touch(self, key: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self.far.touch(key, timeout, version)

    def delete(self, key: Any, version: int | None = None) -> bool:
        self.near.delete(key, version)
        return self.far.delete(key, version)

    def clear(self) -> None:
        self.near.clear()
        self.far.clear()

    def close(self, **kwargs: Any) -> None:
        self.far.close(**kwargs)
