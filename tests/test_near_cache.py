"""The pages cache: what one process read from the shared cache or wrote to it, it answers again from its own memory;
another process finds it in the shared cache; clearing clears both."""

from django.core.cache.backends.filebased import FileBasedCache

from rumbo.near_cache import NearCache


def process_cache(name, folder, max_entries=300):
    """The "pages" cache as one server process has it, over the files of `folder` shared by every process."""
    far = {"BACKEND": "rumbo.file_cache.FileCache", "LOCATION": str(folder)}
    return NearCache(f"{name}-{folder.name}", {"OPTIONS": {"FAR": far, "MAX_ENTRIES": max_entries}})


def count_shared_reads(monkeypatch):
    reads = []
    read = FileBasedCache.get

    def counted(self, key, default=None, version=None):
        reads.append(key)
        return read(self, key, default, version)

    monkeypatch.setattr(FileBasedCache, "get", counted)
    return reads


def test_a_process_answers_from_memory_what_it_wrote_or_read_once(tmp_path, monkeypatch):
    first, second = process_cache("first", tmp_path), process_cache("second", tmp_path)
    reads = count_shared_reads(monkeypatch)
    first.set("tablero-edición-1", ("<p>35 ventas</p>", {"Content-Type": "text/html"}))
    assert first.get("tablero-edición-1") == ("<p>35 ventas</p>", {"Content-Type": "text/html"})
    assert reads == []  # written by this process: never asked of the shared cache
    assert second.get("tablero-edición-1") == ("<p>35 ventas</p>", {"Content-Type": "text/html"})
    assert second.get("tablero-edición-1") == ("<p>35 ventas</p>", {"Content-Type": "text/html"})
    assert reads == ["tablero-edición-1"]  # the other process asked once, then answered from its memory
    assert second.get("tablero-edición-2") is None and second.get("tablero-edición-2", "nada") == "nada"
    first.clear()
    assert first.get("tablero-edición-1") is None
    second.near.clear()  # that process's memory, as after a restart
    assert second.get("tablero-edición-1") is None  # cleared in the shared cache too


def test_the_memory_keeps_the_entries_used_last_and_the_shared_cache_keeps_them_all(tmp_path, monkeypatch):
    cache = process_cache("bounded", tmp_path, max_entries=30)
    for n in range(100):
        cache.set(f"página-{n}", f"<p>{n}</p>")
        assert cache.get("página-0") == "<p>0</p>"  # read over and over: never forgotten
    assert len(cache.near._cache) <= 30
    reads = count_shared_reads(monkeypatch)
    assert [cache.get(f"página-{n}") for n in (0, 99, 1)] == ["<p>0</p>", "<p>99</p>", "<p>1</p>"]
    assert reads == ["página-1"]  # forgotten by the memory, found in the shared cache
    assert cache.add("página-1", "<p>otra</p>") is False and cache.get("página-1") == "<p>1</p>"
    assert cache.delete("página-1") and cache.get("página-1") is None
