"""knowledge/patterns: every file loads into the strict models, every entry is sourced, and
broken knowledge is refused with an error that names the file."""

from __future__ import annotations

import copy

import pytest

from advisor.engine.architecture.catalog import build_catalog, pattern_catalog
from advisor.engine.architecture.checks import required_patterns
from advisor.engine.architecture.models import PATTERN_KINDS
from advisor.engine.loader import read_knowledge_dir
from advisor.errors import KnowledgeFileError

# Kinds other parts of the engine own in the same folder.
OTHER_KINDS = {"cold_starts"}


def _documents() -> list[tuple[str, dict]]:
    return [(path, copy.deepcopy(data)) for path, data in read_knowledge_dir("patterns")]


def _document(kind: str, documents: list[tuple[str, dict]]) -> dict:
    return next(data for _, data in documents if data.get("kind") == kind)


def test_it_knows_the_kind_of_every_pattern_file():
    # given
    known = set(PATTERN_KINDS) | {"function_sizing"} | OTHER_KINDS

    # when
    kinds = {path: data.get("kind") for path, data in read_knowledge_dir("patterns")}

    # then
    assert all(kind in known for kind in kinds.values()), kinds
    assert set(PATTERN_KINDS) <= set(kinds.values())


def test_it_loads_every_pattern_file():
    # when
    catalog = pattern_catalog()

    # then
    assert catalog.components and catalog.functions and catalog.patterns


def test_every_entry_has_a_source():
    # when
    entries = list(pattern_catalog().sources())

    # then
    assert len(entries) > 30
    unsourced = [name for name, sources in entries if not sources]
    assert unsourced == []
    assert all(source.url or source.section for _, sources in entries for source in sources)


@pytest.mark.parametrize(("kind", "key"), list(required_patterns()))
def test_every_answer_the_composer_looks_up_has_a_pattern(kind, key):
    # when
    pattern = pattern_catalog().pattern(kind, key)

    # then
    assert pattern.key == key


def test_it_refuses_a_file_with_an_unknown_key_and_names_the_file():
    # given
    documents = _documents()
    _document("triggers", documents)["components"][0]["colour"] = "red"

    # when / then
    with pytest.raises(KnowledgeFileError, match=r"triggers\.yaml.*colour"):
        build_catalog(documents)


def test_it_refuses_an_entry_without_sources():
    # given
    documents = _documents()
    _document("data_stores", documents)["components"][0]["sources"] = []

    # when / then
    with pytest.raises(KnowledgeFileError, match=r"data_stores\.yaml.*sources"):
        build_catalog(documents)


def test_it_refuses_a_reference_to_an_unknown_component():
    # given
    documents = _documents()
    patterns = _document("triggers", documents)["patterns"]
    next(p for p in patterns if p["key"] == "queue")["functions"][0]["trigger"] = "no_such_queue"

    # when / then
    with pytest.raises(KnowledgeFileError, match=r"triggers\.yaml.*no_such_queue"):
        build_catalog(documents)


@pytest.mark.parametrize("action", ["s3:*", "*", "s3:Get*", "dynamodb"])
def test_it_refuses_a_wildcard_or_malformed_iam_action(action):
    # given
    documents = _documents()
    patterns = _document("data_stores", documents)["patterns"]
    next(p for p in patterns if p["key"] == "object")["access"][0]["actions"] = [action]

    # when / then
    with pytest.raises(KnowledgeFileError, match=r"data_stores\.yaml.*IAM action"):
        build_catalog(documents)


@pytest.mark.parametrize("label", ["queue {unknown_thing}", "queue {sqs_batch_size!r}", "{"])
def test_it_refuses_a_label_placeholder_the_composer_does_not_fill(label):
    # given
    documents = _documents()
    _document("triggers", documents)["components"][0]["label"] = label

    # when / then
    with pytest.raises(KnowledgeFileError, match=r"triggers\.yaml.*label"):
        build_catalog(documents)


def test_it_refuses_a_component_defined_twice():
    # given
    documents = _documents()
    triggers = _document("triggers", documents)
    triggers["components"].append(copy.deepcopy(triggers["components"][0]))

    # when / then
    with pytest.raises(KnowledgeFileError, match=r"defined twice"):
        build_catalog(documents)


def test_it_refuses_a_missing_pattern_for_an_answer():
    # given
    documents = _documents()
    triggers = _document("triggers", documents)
    triggers["patterns"] = [p for p in triggers["patterns"] if p["key"] != "pubsub"]

    # when / then
    with pytest.raises(KnowledgeFileError, match=r"pubsub"):
        build_catalog(documents)


def test_it_refuses_pattern_files_without_the_schedule_expressions():
    # given
    documents = _documents()
    del _document("triggers", documents)["parameters"]["schedule_daily_cron"]

    # when / then
    with pytest.raises(KnowledgeFileError, match=r"schedule_daily_cron"):
        build_catalog(documents)
