"""Workflows the benchmarks run: trivial step bodies, so the figures measure the engine."""

from engine import State, begin, step, task
from engine.actors import SystemActor


def _make_step(index: int):
    @step(f"Bench step {index}")
    def bench_step(counter: int = 0) -> State:
        return {"counter": counter + 1, f"step_{index}": True}

    return bench_step


#: Who the benchmarks act as (recorded as system:bench; may run everything).
BENCH = SystemActor("bench")

BENCH_STEPS = [_make_step(i) for i in range(1, 7)]


@task("Benchmark: six trivial steps")
def task_bench_six_steps():
    steps = begin
    for s in BENCH_STEPS:
        steps = steps >> s
    return steps


@task("Benchmark: four trivial steps")
def task_bench_four_steps():
    """6 logged steps with Start and Done: the shape of the reference's modify-node workflow."""
    steps = begin
    for s in BENCH_STEPS[:4]:
        steps = steps >> s
    return steps


# --- Which host ran each step (bench/two_clusters.py, bench/soak.py) ----------------------------

BENCH_EFFECTS = "bench_step_effects"


def record_bench_effect(process_id: str, name: str) -> None:
    """A database effect written in the step's transaction, naming the cluster and worker that ran it."""
    import os

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {BENCH_EFFECTS} (process_id, step, cluster, pid) VALUES (%s, %s, %s, %s)",
            [process_id, name, os.environ.get("BENCH_CLUSTER_LABEL", "?"), os.getpid()],
        )


def _make_effect_step(index: int):
    @step(f"Bench effect {index}")
    def bench_effect(process_id: str, step_sleep: float = 0) -> State:
        import time

        record_bench_effect(process_id, f"effect {index}")
        if step_sleep:
            time.sleep(step_sleep)
        return {f"effect_{index}": True}

    return bench_effect


EFFECT_STEPS = [_make_effect_step(i) for i in range(1, 4)]


def _sleep_form():
    from django import forms

    from engine import FormPage

    class StepSleep(FormPage):
        step_sleep = forms.FloatField(min_value=0, max_value=10, initial=0)

    return (yield StepSleep)


@task("Benchmark: three steps with database effects", initial_input_form=_sleep_form)
def task_bench_effects():
    return begin >> EFFECT_STEPS[0] >> EFFECT_STEPS[1] >> EFFECT_STEPS[2]


def create_effects_table() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {BENCH_EFFECTS} (process_id varchar(64), step varchar(64), "
            "cluster varchar(16), pid integer)"
        )


# --- NetBox during a fault (bench/faults.py) ------------------------------------------------------


def bench_site_name(process_id: str) -> str:
    return f"bench-fault-{process_id[:13]}"


@step("Find or create site in NetBox")
def find_or_create_bench_site(process_id: str, step_sleep: float = 0) -> State:
    import time

    from netbox_integration.idempotency import find_or_create
    from netbox_integration.payloads import SitePayload

    site, created = find_or_create(
        SitePayload(name=bench_site_name(process_id), slug=bench_site_name(process_id))
    )
    time.sleep(step_sleep)
    return {"site_id": site.id, "site_created": created}


@step("Describe site in NetBox")
def describe_bench_site(process_id: str, step_sleep: float = 0) -> State:
    import time

    from netbox_integration.idempotency import ensure
    from netbox_integration.payloads import SitePayload

    name = bench_site_name(process_id)
    site, outcome = ensure(SitePayload(name=name, slug=name, description=f"process {process_id}"))
    time.sleep(step_sleep)
    return {"site_described": outcome}


@task("Benchmark: database effects around two NetBox calls", initial_input_form=_sleep_form)
def task_bench_netbox():
    return begin >> EFFECT_STEPS[0] >> find_or_create_bench_site >> describe_bench_site >> EFFECT_STEPS[1]
