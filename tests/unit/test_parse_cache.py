"""The parse cache: the store interface of the loader (`cc_rules.io.parsecache`) and the CLI's directory store
(`cc_rules.cli.cache`). An unchanged YAML file is composed once; what is read back is what the loader built."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from cc_rules.base import errors
from cc_rules.cli import cache, main
from cc_rules.io import loading, parsecache

ROOT = Path(__file__).resolve().parents[2]
PACK_FILE = ROOT / "rules" / "ccso" / "items.yaml"
TEXT = "a:\n  b: 1\n  when: 2026-06-30\n  list:\n    - x\n    - {y: true}\nc: 1.5\nd: ~\ne: 中文\n"


class DictStore:
    """A store in memory that counts what it is asked."""

    def __init__(self) -> None:
        self.entries: dict[str, bytes] = {}
        self.gets = self.puts = 0

    def get(self, key: str) -> bytes | None:
        self.gets += 1
        return self.entries.get(key)

    def put(self, key: str, value: bytes) -> None:
        self.puts += 1
        self.entries[key] = value


@pytest.fixture
def store() -> Iterator[DictStore]:
    given = DictStore()
    previous = parsecache.use_store(given, min_bytes=0)
    yield given
    parsecache.restore(previous)


def parse(raw: bytes, file: str = "in.yaml") -> loading.Document:
    return loading.parse_document(raw, file)


def test_no_store_unless_one_is_given() -> None:
    assert parsecache.current() is None  # library use and tests: every file parsed


def test_a_hit_gives_the_same_document_under_its_own_name(store: DictStore) -> None:
    raw = TEXT.encode()
    cold = parse(raw, "first.yaml")
    assert (store.gets, store.puts) == (1, 1)
    warm = parse(raw, "second.yaml")
    assert (store.gets, store.puts) == (2, 1)  # read back, not parsed and written again
    assert warm.file == "second.yaml" and warm.text == cold.text and warm.exact
    assert warm.data == cold.data and list(warm.lines.items()) == list(cold.lines.items())
    assert type(warm.data["c"]) is float and type(warm.data["a"]["b"]) is int and warm.data["d"] is None


def test_an_entry_names_no_file(store: DictStore) -> None:
    parse(TEXT.encode(), "secret-centre-name.yaml")
    (blob,) = store.entries.values()
    assert b"secret-centre-name" not in blob


def test_a_miss_parses_and_a_bad_file_is_never_kept(store: DictStore) -> None:
    with pytest.raises(errors.LoadError) as info:
        parse(b"a: 1\na: 2\n")
    assert info.value.problems[0].code == "duplicate-key"
    with pytest.raises(errors.LoadError):
        parse(b"n: .nan\n")
    assert store.puts == 0 and store.entries == {}


def test_json_read_the_fast_way_is_not_kept(store: DictStore) -> None:
    doc = parse(b'{"a": [1, 2], "b": "x"}', "in.json")
    assert not doc.exact and store.gets == 0 and store.puts == 0


def test_small_texts_are_not_worth_an_entry() -> None:
    given = DictStore()
    previous = parsecache.use_store(given)  # the default threshold
    try:
        parse(b"a: 1\n")
        parse(PACK_FILE.read_bytes())
    finally:
        parsecache.restore(previous)
    assert given.gets == 1 and given.puts == 1


@pytest.mark.parametrize("blob", [
    b"", b"{", b"not json at all", b"[]", b'{"format": 1}', b"\x00\xff" * 10,
    b'{"format": 99, "key": "KEY", "paths": [], "lines": [], "data": {}}',  # another format
    b'{"format": 1, "key": "another", "paths": [], "lines": [], "data": {}}',  # another key's entry
    b'{"format": 1, "key": "KEY", "paths": [[]], "lines": [], "data": {}}',  # lines cut short
    b'{"format": 1, "key": "KEY", "paths": ["ab"], "lines": [1], "data": {}}',  # a path that is not a list
    b'{"format": 1, "key": "KEY", "paths": [[]], "lines": ["1"], "data": {}}',  # a line that is not a number
    b'{"format": 1, "key": "KEY", "paths": [[]], "lines": [1]}',  # no data
])
def test_a_corrupt_or_foreign_entry_is_ignored_and_replaced(store: DictStore, blob: bytes) -> None:
    raw = TEXT.encode()
    expected = loading._parse_yaml(raw.decode(), "in.yaml")
    key = parsecache.key(raw)
    store.entries[key] = blob.replace(b"KEY", key.encode())
    doc = parse(raw)
    assert doc.data == expected.data and doc.lines == expected.lines
    assert parsecache.decode(key, store.entries[key]) == (expected.data, expected.lines)  # replaced


def test_a_truncated_entry_is_ignored(store: DictStore) -> None:
    raw = PACK_FILE.read_bytes()
    parse(raw)
    key = parsecache.key(raw)
    whole = store.entries[key]
    for cut in (1, len(whole) // 3, len(whole) - 1):
        assert parsecache.decode(key, whole[:cut]) is None


def test_what_json_cannot_hold_exactly_is_not_kept() -> None:
    assert parsecache.encode("k", {"a": 2**70}, {(): 1}) is None
    assert parsecache.encode("k", {"a": float("inf")}, {(): 1}) is None
    assert parsecache.encode("k", {"a": (1, 2)}, {(): 1}) is None
    assert parsecache.encode("k", {1: "a"}, {(): 1}) is None
    assert parsecache.encode("k", {"a": "\ud800"}, {(): 1}) is None
    assert parsecache.encode("k", {"a": 1}, {(1.5,): 1}) is None  # type: ignore[dict-item]
    blob = parsecache.encode("k", {"a": [1, 1.0, True, None, "x"]}, {(): 1, ("a",): 1, ("a", 0): 1})
    assert blob is not None
    assert parsecache.decode("k", blob) == ({"a": [1, 1.0, True, None, "x"]}, {(): 1, ("a",): 1, ("a", 0): 1})


def test_the_key_depends_on_the_bytes_and_the_version() -> None:
    assert parsecache.key(b"a: 1\n") != parsecache.key(b"a: 2\n")
    previous = parsecache.use_store(None, version="0.1.0")
    try:
        one = parsecache.key(b"a: 1\n")
        parsecache.use_store(None, version="9.9.9")
        assert parsecache.key(b"a: 1\n") != one  # a release that changes the loader does not read an old entry
    finally:
        parsecache.restore(previous)


# The directory store ---------------------------------------------------------------------------------------------


def test_the_directory_the_environment_asks_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cache.directory({"CC_RULES_CACHE_DIR": "/x/y", "XDG_CACHE_HOME": "/z"}) == Path("/x/y")
    assert cache.directory({"XDG_CACHE_HOME": "/z"}) == Path("/z/cc-rules")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.directory({}) == tmp_path / ".cache" / "cc-rules"
    for off in ("0", "false", "off", "no"):
        assert cache.directory({"CC_RULES_CACHE": off, "CC_RULES_CACHE_DIR": "/x/y"}) is None
    assert cache.directory({"CC_RULES_CACHE": "1", "CC_RULES_CACHE_DIR": "/x/y"}) == Path("/x/y")


def test_put_then_get_in_a_private_directory(tmp_path: Path) -> None:
    disk = cache.DiskStore(tmp_path / "c")
    key = "ab" * 32
    assert disk.get(key) is None  # a miss, and nothing created by reading
    assert not (tmp_path / "c").exists()
    disk.put(key, b"{}")
    assert disk.get(key) == b"{}"
    assert [p.name for p in (tmp_path / "c" / "documents").iterdir()] == [f"{key}.json"]
    for directory in (tmp_path / "c", tmp_path / "c" / "documents"):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert disk.get("../../etc/passwd") is None  # only keys name files
    disk.put("../escape", b"x")
    assert not (tmp_path / "escape.json").exists()


def test_an_unwritable_directory_turns_the_cache_off_silently(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    for root in (blocker / "cache", blocker):
        disk = cache.DiskStore(root)
        disk.put("ab" * 32, b"{}")
        assert not disk.writable and disk.get("ab" * 32) is None
    previous = parsecache.use_store(cache.DiskStore(blocker / "cache"), min_bytes=0)
    try:
        assert parse(TEXT.encode()).data["c"] == 1.5  # parsed as without a cache
    finally:
        parsecache.restore(previous)


def test_an_unreadable_entry_is_a_miss_and_the_others_are_kept(tmp_path: Path) -> None:
    disk = cache.DiskStore(tmp_path)
    raw, other = TEXT.encode(), (TEXT + "f: 2\n").encode()
    (tmp_path / "documents" / f"{parsecache.key(raw)}.json").mkdir(parents=True)  # not a file: cannot be read
    previous = parsecache.use_store(disk, min_bytes=0)
    try:
        assert parse(raw).data["c"] == 1.5 and parse(raw).lines[("e",)] == 9
        parse(other)
    finally:
        parsecache.restore(previous)
    assert disk.writable and disk.get(parsecache.key(other)) is not None


def test_the_oldest_entries_go_beyond_the_bound(tmp_path: Path) -> None:
    disk = cache.DiskStore(tmp_path, max_entries=8, max_bytes=10**9, check_every=4)
    keys = [f"{i:064x}" for i in range(20)]
    for age, key in enumerate(keys):
        disk.put(key, b"x" * 10)
        os.utime(disk.root / f"{key}.json", (1_000_000 + age, 1_000_000 + age))
    disk.prune()
    left = sorted(p.stem for p in disk.root.iterdir())
    assert len(left) <= 8 and left == keys[-len(left):]  # the newest kept
    sized = cache.DiskStore(tmp_path / "sized", max_bytes=1000, check_every=1)
    for i in range(30):
        sized.put(f"{i:064x}", b"y" * 100)
    assert sum(p.stat().st_size for p in sized.root.iterdir()) <= 1000


def test_a_dead_writers_temporary_file_is_removed(tmp_path: Path) -> None:
    disk = cache.DiskStore(tmp_path, check_every=1)
    disk.put("ab" * 32, b"{}")
    left = disk.root / ".tmp-dead"
    left.write_bytes(b"half")
    os.utime(left, (1_000_000, 1_000_000))
    disk.put("cd" * 32, b"{}")
    assert not left.exists() and len(list(disk.root.iterdir())) == 2


def _write_many(root: str, key: str, value: bytes, times: int) -> None:
    disk = cache.DiskStore(Path(root))
    for _ in range(times):
        disk.put(key, value)


def test_two_processes_writing_the_same_entry(tmp_path: Path) -> None:
    key, value = "ef" * 32, orjson.dumps({"x": "y" * 50_000})
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    writers = [context.Process(target=_write_many, args=(str(tmp_path), key, value, 100)) for _ in range(2)]
    for writer in writers:
        writer.start()
    reader = cache.DiskStore(tmp_path)
    seen = set()
    while any(w.is_alive() for w in writers):
        seen.add(reader.get(key))
    for writer in writers:
        writer.join()
        assert writer.exitcode == 0
    assert seen <= {None, value}  # a reader sees a whole entry or none
    assert [p.name for p in (tmp_path / "documents").iterdir()] == [f"{key}.json"]  # no temporary file left


# The CLI ---------------------------------------------------------------------------------------------------------


def test_the_cli_keeps_a_packs_files_and_gives_the_same_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = loading._parse_yaml
    monkeypatch.setattr(loading, "_parse_yaml", lambda text, file: calls.append(file) or real(text, file))
    runner = CliRunner()
    where = tmp_path / "cache"

    def facts(copy: str, **env: str) -> str:  # a copy at a new path: not a pack this process has loaded
        shutil.copytree(ROOT / "rules" / "ccso", tmp_path / copy)
        calls.clear()
        result = runner.invoke(main, ["facts", str(tmp_path / copy), "--lang", "en"], env=env)
        assert result.exit_code == 0, result.output
        return result.output

    off = facts("off", CC_RULES_CACHE="0", CC_RULES_CACHE_DIR=str(where))
    assert not where.exists()
    cold = facts("cold", CC_RULES_CACHE_DIR=str(where))
    parsed = len(calls)
    entries = sorted((where / "documents").iterdir())
    small = [p for p in (tmp_path / "cold").rglob("*.yaml") if p.stat().st_size < parsecache.MIN_BYTES]
    assert len(entries) == parsed - len(small) > 10
    warm = facts("warm", CC_RULES_CACHE_DIR=str(where))  # the same bytes under other names
    assert len(calls) == len(small)  # only the files too small to be worth an entry are parsed again
    assert off == cold == warm
    assert sorted((where / "documents").iterdir()) == entries
    assert parsecache.current() is None  # the store was the command's, not the process's


@pytest.mark.parametrize("text", ["a: !!timestamp x\n", "a: &x [1]\nb: !!timestamp :'2000-01-01'\n"])
def test_a_timestamp_tag_on_a_text_that_is_no_date_is_one_problem(text: str) -> None:
    # found by tests/property/test_parse_cache.py: PyYAML's timestamp constructor raised AttributeError (a traceback)
    with pytest.raises(errors.LoadError) as info:
        parse(text.encode())
    (problem,) = info.value.problems
    assert problem.code == "value" and problem.line == text.count("\n") and "not a date" in problem.render("en")


def test_an_escape_past_the_last_code_point_is_one_problem() -> None:
    # found by tests/property/test_parse_cache.py: locating the problem raised ValueError in PyYAML's own scanner
    with pytest.raises(errors.LoadError) as info:
        parse(b'a: 1\nb: "\\U00110000"\n')
    (problem,) = info.value.problems
    assert problem.code == "yaml" and problem.line == 2
    assert "Unicode" in problem.render("en") and "超出了 Unicode 的范围" in problem.render("zh")
