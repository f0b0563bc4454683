"""The file cache of the data folder counts its files on one write in a hundred, not on every write, and still
stays within its bound."""

from rumbo.file_cache import FileCache


def test_the_file_cache_counts_its_files_now_and_then_and_stays_near_its_bound(tmp_path, monkeypatch):
    cache = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 30}})
    monkeypatch.setattr(FileCache, "COUNT_EVERY", 10)
    listings = []
    listed = FileCache._list_cache_files

    def counted(self):
        files = listed(self)
        listings.append(len(files))
        return files

    monkeypatch.setattr(FileCache, "_list_cache_files", counted)
    most = 0
    for n in range(200):
        cache.set(f"página-{n}", f"<p>{n}</p>")
        most = max(most, len(list(tmp_path.glob("*.djcache"))))
    assert len(listings) == 20  # Django's own lists the folder on each of the 200 writes
    assert 30 <= most <= 30 + 10  # it filled up to its bound, and went past it by fewer than ten writes
    assert cache.get("página-199") == "<p>199</p>"
