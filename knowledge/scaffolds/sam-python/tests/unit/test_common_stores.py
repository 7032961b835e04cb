"""The in-memory store the services' unit tests run against behaves like the real ones."""

from common.stores import MemoryStore, default_store


def test_a_record_put_can_be_read_and_deleted():
    # given
    store = MemoryStore()
    # when
    store.put("k", {"a": 1})
    first = store.get("k")
    store.delete("k")
    # then
    assert first == {"a": 1}
    assert store.get("k") is None


def test_tests_get_one_memory_store_per_kind():
    assert default_store("records") is default_store("records")
    assert default_store("records") is not default_store("connections")
