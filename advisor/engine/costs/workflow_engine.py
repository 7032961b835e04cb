"""Which engine coordinates a workflow whose runs wait: a Standard workflow, Lambda durable
functions, or a state table (pending runs as DynamoDB rows, a callback route, EventBridge
Scheduler for the timeouts), chosen by what each costs at the workload's volume.

A run that lasts longer than an Express workflow's 5 minutes while it computes for a
fraction of a second is waiting: on a vendor's callback, a timer, another system. Standard
workflows bill every state transition, so at tens of runs a second the waits cost
thousands a month ($0.025 per 1,000 transitions); durable functions bill each operation
($8 per million); a state table pays a few DynamoDB writes, one scheduled invocation and
one callback request a run. A Standard workflow needs no code of its own (retries,
timeouts and its execution history come with it), so it stays unless the state table
saves at least `workflow_engine_min_saving_usd` a month.

The same functions price the choice (`engine_quote`) and the design's lines
(`state_table_lines`), so the reason states what the estimate bills.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from advisor.engine.costs import services as svc
from advisor.engine.costs.lines import total_usd
from advisor.engine.costs.model import Context
from advisor.engine.costs.priced.eventbridge_scheduler import scheduler_lines
from advisor.engine.costs.priced.lambda_durable_functions import (
    DEFAULT_RETENTION_DAYS,
    durable_functions_lines,
)
from advisor.engine.numbers import format_usd
from advisor.engine.results import CostLine, Design
from advisor.engine.workload import Workflow, Workload

STANDARD = "standard"
STATE_TABLE = "state_table"
SECONDS_PER_DAY = 86_400
# A durable execution checkpoints its start, each step's result and the wait it resumes
# from: steps + 2 operations (the pricing page's example: 4 operations for a run with two
# steps and a wait for a callback).
DURABLE_OPERATIONS_BESIDE_STEPS = 2
KB_PER_GB = 1024 * 1024


@dataclass(frozen=True)
class EngineQuote:
    """Each engine's own monthly cost for the workflow's runs (the Lambda steps, which all
    run alike, apart)."""

    executions: float
    standard_usd: float
    durable_usd: float
    state_table_usd: float
    min_saving_usd: float

    @property
    def state_table_saving_usd(self) -> float:
        return self.standard_usd - self.state_table_usd

    def state_table_is_worth_it(self) -> bool:
        return self.state_table_saving_usd >= self.min_saving_usd


def lambda_steps(ctx: Context, design: Design) -> float:
    """Lambda invocations a month for the workflow's own steps, one after another in each
    execution: `workflow_lambda_steps_per_execution` of the work; in a state table, the
    callback's function resumes the run and does them. A workflow that only runs jobs
    (ecs:runTask.sync, AWS Batch) has no Lambda step; the step that asks a person for an
    approval is counted with the approvals (`approval_steps`)."""
    if design.workflow_type is None or ctx.workload.workflow == Workflow.NONE:
        return 0.0
    executions = design.executions_for(ctx.workflow_executions)
    return executions * ctx.a["workflow_lambda_steps_per_execution"]


def approval_steps(ctx: Context, design: Design) -> float:
    """The glue step that sends each approval request (and waits on its task token)."""
    if design.workflow_type is None or ctx.workload.workflow != Workflow.HUMAN_APPROVAL:
        return 0.0
    return design.executions_for(ctx.workflow_executions)


def standard_lines(ctx: Context, executions: float) -> list[CostLine]:
    return svc.step_functions_lines(
        ctx.table,
        workflow_type=STANDARD,
        executions=executions,
        transitions_per_execution=ctx.a["step_functions_transitions_per_execution"],
        free_tier=ctx.free_tier,
    )


def durable_operations_per_execution(ctx: Context) -> float:
    return ctx.a["workflow_lambda_steps_per_execution"] + DURABLE_OPERATIONS_BESIDE_STEPS


def durable_lines(ctx: Context, executions: float) -> list[CostLine]:
    """Operations, the checkpoints they write (about a payload each) and those kept while
    the run waits and for the default retention after it."""
    operations = executions * durable_operations_per_execution(ctx)
    return durable_functions_lines(
        ctx.table,
        operations=operations,
        data_written_gb=operations * ctx.workload.payload_kb / KB_PER_GB,
        retained_days=ctx.workload.max_duration_s / SECONDS_PER_DAY + DEFAULT_RETENTION_DAYS,
    )


def state_table_lines(ctx: Context, executions: float) -> list[CostLine]:
    """A waiting run's own lines: its row's conditional writes, the one-time schedule that
    fires its timeout (and deletes itself), the timeout function that schedule invokes
    (glue-sized: one conditional update that fails harmlessly when the callback came
    first), and the callback's request on the HTTP API. Every schedule is priced as
    firing: the callback does not delete it."""
    # Imported here: the architecture package composes designs, which choose the engine.
    from advisor.engine.architecture.catalog import pattern_catalog

    sizing = pattern_catalog().sizing
    writes = executions * ctx.a["state_table_writes_per_execution"]
    rows = svc.dynamodb_lines(ctx.table, reads=0, writes=writes, storage_gb=0, free_tier=False)
    timeout = svc.lambda_lines(
        ctx.table,
        invocations=executions,
        duration_ms=sizing.glue_duration_ms,
        memory_mb=sizing.glue_memory_mb,
        architecture=ctx.workload.architecture.value,
        free_tier=False,
    )
    return (
        [_named(line, "pending runs") for line in rows if line.quantity > 0]
        + scheduler_lines(ctx.table, invocations=executions)
        + [_named(line, "run timeouts") for line in timeout]
        + [_named(line, "callbacks") for line in _callback_lines(ctx, executions)]
    )


def _callback_lines(ctx: Context, callbacks: float) -> list[CostLine]:
    """The callbacks' requests on the HTTP API, metered at the API call's size."""
    return svc.api_gateway_lines(
        ctx.table, api_type="http", requests=callbacks, payload_kb=ctx.api_payload_kb
    )


def _named(line: CostLine, whose: str) -> CostLine:
    return replace(line, item=f"{whose}: {line.item}")


def engine_quote(ctx: Context, executions: float) -> EngineQuote:
    return EngineQuote(
        executions=executions,
        standard_usd=total_usd(standard_lines(ctx, executions)),
        durable_usd=total_usd(durable_lines(ctx, executions)),
        state_table_usd=total_usd(state_table_lines(ctx, executions)),
        min_saving_usd=ctx.a["workflow_engine_min_saving_usd"],
    )


def waiting_workflow(ctx: Context, express_max_s: float) -> tuple[str, str]:
    """The engine for runs longer than an Express workflow may last, and why."""
    w = ctx.workload
    quote = engine_quote(ctx, ctx.workflow_executions)
    if quote.state_table_is_worth_it():
        return STATE_TABLE, _state_table_reason(ctx, quote, express_max_s)
    return STANDARD, _standard_reason(w, quote, express_max_s)


def _costs_words(ctx: Context, quote: EngineQuote) -> str:
    transitions = ctx.a["step_functions_transitions_per_execution"]
    return (
        f"{quote.executions:,.0f} runs a month cost {format_usd(quote.standard_usd)} as "
        f"Standard workflows ({transitions:g} state transitions each at $0.025 per 1,000), "
        f"{format_usd(quote.durable_usd)} as Lambda durable functions "
        f"({durable_operations_per_execution(ctx):g} operations each at $8 per million, with "
        f"their checkpoints) and {format_usd(quote.state_table_usd)} in a state table"
    )


def _state_table_reason(ctx: Context, quote: EngineQuote, express_max_s: float) -> str:
    w = ctx.workload
    return (
        f"A state table, not a workflow service: a run lasts up to {w.max_duration_s:,.0f} s "
        f"(longer than an Express workflow's {express_max_s:g} s) but computes for "
        f"{w.avg_duration_ms:,.0f} ms, so it mostly waits, on a callback or a timer. "
        f"{_costs_words(ctx, quote)}. The function that starts the wait records the pending "
        "run as a DynamoDB row (a conditional put) and schedules its timeout with "
        "EventBridge Scheduler (a one-time schedule that deletes itself after it fires); "
        "the callback arrives on the HTTP API (POST /callbacks) and a function "
        "resumes the run with a conditional update, so a repeated callback or a late timeout "
        "changes nothing; TTL removes finished rows. Step Functions' visual history is given "
        "up: the rows and the functions' logs show each run."
    )


def _standard_reason(w: Workload, quote: EngineQuote, express_max_s: float) -> str:
    return (
        f"A Standard workflow: a run can take {w.max_duration_s:,.0f} s, longer than an "
        f"Express workflow's {express_max_s:g} s. A state table (pending runs as DynamoDB "
        "rows, EventBridge Scheduler for timeouts) would save "
        f"{format_usd(max(quote.state_table_saving_usd, 0.0))} a month, less than the "
        f"{format_usd(quote.min_saving_usd)} that owning its code is worth."
    )
