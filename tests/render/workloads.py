"""Workloads that between them use every trigger, data store, workflow and connection type."""

from __future__ import annotations

from advisor.engine.workload import Connections, DataStore, Trigger, Workflow
from tests.conftest import PRESET_NAMES, load_workload, preset_answers

BASE_PRESET = "api-for-a-mobile-app"


def _variant(**changes) -> dict:
    answers = preset_answers(BASE_PRESET)
    answers.update(changes)
    return answers


# (case id, questionnaire answers): the four presets, then one answer changed at a time.
WORKLOAD_CASES: tuple[tuple[str, dict], ...] = (
    *((name, preset_answers(name)) for name in PRESET_NAMES),
    *((f"trigger-{t.value}", _variant(triggers=[t.value])) for t in Trigger),
    *((f"store-{s.value}", _variant(data_store=s.value)) for s in DataStore),
    *((f"workflow-{w.value}", _variant(workflow=w.value)) for w in Workflow),
    *((f"connections-{c.value}", _variant(persistent_connections=c.value)) for c in Connections),
    ("all-triggers", _variant(triggers=[t.value for t in Trigger])),
    ("gpu-hybrid", _variant(gpu_required=True)),
)
CASE_IDS = [case_id for case_id, _ in WORKLOAD_CASES]


def workload_for(answers: dict):
    return load_workload(answers)
