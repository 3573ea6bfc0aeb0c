#!/usr/bin/env python
# Over 300 lines on purpose: one self-contained benchmark script (mix, killer, checks, report).
"""Soak: mixed processes while worker processes are SIGKILLed at random every few seconds.

    DATABASE_URL=postgres://root@127.0.0.1:5432/nrenorch_soak REDIS_URL=redis://127.0.0.1:6379/6 \
        .venv/bin/python bench/soak.py [--n 2000] [--clusters 2] [--workers 2] [--kill-every 2-5]

The mix: the test products' router life cycle (create → modify → validate → terminate,
each started when the one before completed, as an operator would), and the engine's test
tasks: three database effects with sleeps inside steps (so kills land mid-step), one that
suspends for input (resumed), one that fails until an operator fixes things (fixed,
retried), and sub-workflows (two child processes each). A killer SIGKILLs a random worker
that holds a process lease (so it is mid-process) every 2-5 s. The lease is 3 s (--lease) and
the recovery runs every 2 s (in production: a 60 s lease and the every-minute schedule), so
recovery is quick enough to finish in minutes.

At the end it checks: every process completed; no step's database effect twice (each
effect row once per process and step; each router's history rows per workflow and step
the same as in a reference cycle run before the kills started; no step recorded twice);
no subscription out of sync without a failed process that explains it.
"""

import argparse
import collections
import contextlib
import random
import sys
import threading
import time
from pathlib import Path

# Run as `python bench/soak.py`: the project root on sys.path, as harness itself does.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.harness import (  # noqa: E402
    Cluster,
    broker_name,
    configure,
    kill_random_busy_worker,
    purge_queue,
    setup_django,
    wait_until,
)

MIX = {
    "router cycle": 0.40,
    "task_bench_effects": 0.30,
    "task_effects": 0.10,
    "task_suspend": 0.08,
    "task_fail_until_fixed": 0.07,
    "task_subworkflows": 0.05,
}
CYCLE = ["create_test_router", "modify_test_router", "validate_test_router", "terminate_test_router"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--n", type=int, default=2000, help="processes started (children of sub-workflows not counted)"
    )
    parser.add_argument("--clusters", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="worker processes per cluster")
    parser.add_argument("--kill-every", default="2-5", help="seconds between kills, a range")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--lease", type=int, default=3, help="ENGINE_LEASE_SECONDS (production: 60)")
    args = parser.parse_args()
    configure(lease_seconds=args.lease)
    setup_django()
    soak = Soak(args)
    soak.prepare()
    soak.run()
    soak.report()


class Soak:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.kills: list[int] = []
        self.operator: collections.Counter[str] = collections.Counter()
        self.unexpected: list[str] = []
        self.stop_killing = threading.Event()
        self.fixed = set()

    def prepare(self):
        from django.db import connection

        from bench.workflows import BENCH_EFFECTS, create_effects_table
        from engine.models import Process
        from products.models import Product
        from subscriptions.models import Customer, Subscription

        create_effects_table()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {BENCH_EFFECTS}")
            cursor.execute("DELETE FROM test_step_effects")
        Process.objects.all().delete()
        Subscription.objects.filter(product__name="test router A").delete()
        purge_queue()
        self.product = Product.objects.get(name="test router A").pk
        self.customer = Customer.objects.get(short_code="SURF").pk
        per_kind = {kind: round(self.args.n * share) for kind, share in MIX.items()}
        self.routers = per_kind.pop("router cycle") // len(CYCLE)
        self.tasks = [kind for kind, count in per_kind.items() for _ in range(count)]
        self.rng.shuffle(self.tasks)
        self.total = self.routers * len(CYCLE) + len(self.tasks)

    # --- Driving ------------------------------------------------------------------------------

    def start(self, key: str, inputs: list) -> str:
        from bench.workflows import BENCH
        from engine.operations import start_process

        return str(start_process(key, inputs, actor=BENCH).pk)

    def start_task(self, kind: str) -> str:
        sleep = round(self.rng.uniform(0, 0.2), 3)
        inputs = {
            "task_bench_effects": [{"step_sleep": sleep}],
            "task_effects": [{"sleep_seconds": sleep * 2}],
        }
        return self.start(kind, inputs.get(kind, []))

    def start_cycle_stage(self, router: int, stage: int, subscription_id: str | None) -> str:
        key = CYCLE[stage]
        if stage == 0:
            return self.start(
                key,
                [
                    {"product": self.product, "customer_id": self.customer},
                    {"router_name": f"soak-{router}", "site_id": 10 + router},
                ],
            )
        if key == "modify_test_router":
            return self.start(key, [{"subscription_id": subscription_id}, {"description": f"soak {router}"}])
        return self.start(key, [{"subscription_id": subscription_id}])

    def reference_cycle(self, clusters) -> collections.Counter:
        """One router cycle before the kills start: the history rows each step writes."""
        from engine.models import Process

        subscription: str | None = None
        for stage in range(len(CYCLE)):
            pk = self.start_cycle_stage(-1, stage, subscription)
            wait_until(
                lambda pk=pk: Process.objects.get(pk=pk).status == "completed",
                120,
                what=f"reference {CYCLE[stage]}",
            )
            subscription = subscription or Process.objects.get(pk=pk).state["subscription"]
        if subscription is None:
            raise RuntimeError("the reference cycle made no subscription")
        self.reference_subscription = subscription
        return history_signature(subscription)

    def killer(self, clusters):
        from django.db import connection

        low, high = (float(x) for x in self.args.kill_every.split("-"))
        try:
            while not self.stop_killing.wait(self.rng.uniform(low, high)):
                victim = kill_random_busy_worker(clusters, self.rng)
                if victim:
                    self.kills.append(victim)
        finally:
            connection.close()

    def run(self):
        from engine.maintenance import recover_stuck_processes
        from engine.models import Process

        clusters = [Cluster(self.args.workers, chr(ord("a") + i)).start() for i in range(self.args.clusters)]
        try:
            time.sleep(4)
            self.reference = self.reference_cycle(clusters)
            began = time.perf_counter()
            killer = threading.Thread(target=self.killer, args=(clusters,), daemon=True)
            killer.start()
            self.task_ids = [self.start_task(kind) for kind in self.tasks]
            cycles = {r: [self.start_cycle_stage(r, 0, None)] for r in range(self.routers)}
            subscription_of: dict[int, str] = {}
            last_recovery = 0.0
            while time.perf_counter() - began < self.args.timeout:
                if time.monotonic() - last_recovery > 2:
                    recover_stuck_processes()
                    last_recovery = time.monotonic()
                self.act_as_operator()
                current = Process.objects.filter(pk__in=[c[-1] for c in cycles.values()]).values_list(
                    "pk", "status"
                )
                statuses = {str(pk): status for pk, status in current}
                for router, stages in cycles.items():
                    if statuses.get(stages[-1]) == "completed" and len(stages) < len(CYCLE):
                        if router not in subscription_of:
                            subscription_of[router] = Process.objects.get(pk=stages[0]).state["subscription"]
                        stages.append(self.start_cycle_stage(router, len(stages), subscription_of[router]))
                all_started = all(len(s) == len(CYCLE) for s in cycles.values())
                if all_started and not Process.objects.exclude(status="completed").exists():
                    break
                time.sleep(0.5)
            self.elapsed = time.perf_counter() - began
            self.stop_killing.set()
            killer.join(10)
        finally:
            for cluster in clusters:
                cluster.stop()
        self.cycles = cycles

    def act_as_operator(self):
        """What an operator does: answer forms, fix and retry; and retry anything else that failed."""
        from django.db import connection

        from bench.workflows import BENCH
        from engine.errors import EngineError
        from engine.models import Process
        from engine.operations import resume_process, retry_process

        for process in Process.objects.filter(status="suspended", workflow__key="task_suspend"):
            try:
                resume_process(process.pk, [{"confirmed": True}], actor=BENCH)
                self.operator["resumed a suspended process"] += 1
            except EngineError:
                pass
        for process in Process.objects.filter(
            status__in=["failed", "waiting", "api_unavailable", "inconsistent_data"]
        ):
            if process.workflow.key == "task_fail_until_fixed" and "not fixed yet" in process.failed_reason:
                if process.pk not in self.fixed:
                    with connection.cursor() as cursor:
                        cursor.execute(
                            "INSERT INTO test_step_effects VALUES (%s, 'fixed')", [str(process.pk)]
                        )
                    self.fixed.add(process.pk)
                    self.operator["fixed and retried a failing task"] += 1
            elif process.status == "waiting":
                continue  # sub-workflows waiting for their children: the last child resumes them
            else:
                self.unexpected.append(
                    f"{process.workflow.key} {process.status}: {process.failed_reason[:120]}"
                )
                self.operator["retried an unexpected failure"] += 1
            with contextlib.suppress(EngineError):
                retry_process(process.pk, actor=BENCH)

    # --- Checking -----------------------------------------------------------------------------

    def report(self):
        from django.db import connection
        from django.db.models import Count, Sum

        from bench.workflows import BENCH_EFFECTS
        from engine.models import Process, ProcessStep, ProcessSubscription
        from subscriptions.models import Subscription

        processes = Process.objects.all()
        statuses = dict(processes.values_list("status").annotate(n=Count("pk")))
        children = processes.exclude(parent=None).count()
        recovered = processes.aggregate(n=Sum("recovery_count"))["n"] or 0
        problems = []
        if set(statuses) != {"completed"}:
            problems.append(f"not every process completed: {statuses}")
        with connection.cursor() as cursor:
            for table in (BENCH_EFFECTS, "test_step_effects"):
                cursor.execute(
                    f"SELECT process_id, step, count(*) FROM {table} WHERE step <> 'fixed' "
                    "GROUP BY process_id, step HAVING count(*) > 1"
                )
                twice = cursor.fetchall()
                if twice:
                    problems.append(
                        f"{len(twice)} effects in {table} written more than once, e.g. {twice[:3]}"
                    )
            cursor.execute(
                f"SELECT count(*) FROM (SELECT process_id FROM {BENCH_EFFECTS} GROUP BY process_id "
                "HAVING count(*) <> 3) wrong"
            )
            if wrong := cursor.fetchone()[0]:
                problems.append(f"{wrong} bench processes without exactly their 3 effects")
        # A step done (success, skipped, complete) twice at one position would mean it ran twice.
        twice_recorded = (
            ProcessStep.objects.filter(status__in=["success", "skipped", "complete"])
            .values("process_id", "position", "name")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
            .count()
        )
        if twice_recorded:
            problems.append(f"{twice_recorded} steps recorded as done twice")
        different = []
        for stages in self.cycles.values():
            subscription = Process.objects.get(pk=stages[0]).state["subscription"]
            if history_signature(subscription) != self.reference:
                different.append(subscription)
        if different:
            problems.append(
                f"{len(different)} routers whose history differs from the reference cycle: {different[:3]}"
            )
        unexplained = []
        for subscription in Subscription.objects.filter(insync=False):
            failed = (
                ProcessSubscription.objects.filter(subscription=subscription)
                .exclude(process__status__in=["completed", "aborted"])
                .exists()
            )
            if not failed:
                unexplained.append(str(subscription.pk))
        if unexplained:
            problems.append(
                f"{len(unexplained)} subscriptions out of sync with no unfinished process: {unexplained[:3]}"
            )
        routers = Subscription.objects.filter(product__name="test router A").exclude(
            pk=self.reference_subscription
        )
        router_states = dict(routers.values_list("status").annotate(n=Count("pk")))

        print(
            f"broker: {broker_name()}; {self.args.clusters} qcluster × {self.args.workers} workers; "
            f"lease {self.args.lease} s, "
            f"recovery every 2 s; a busy worker SIGKILLed every {self.args.kill_every} s"
        )
        print(
            f"scale: {self.total} processes started ({self.routers} router cycles × 4 = {self.routers * 4}, "
            f"{len(self.tasks)} engine test tasks) + {children} sub-workflow children; "
            f"requested --n {self.args.n}"
        )
        print(
            f"ran {self.elapsed:.0f} s; workers killed: {len(self.kills)}; processes recovered after a kill: "
            f"{recovered}; operator actions: {dict(self.operator)}"
        )
        print(f"process statuses: {statuses}; routers: {router_states}")
        if self.unexpected:
            print(f"unexpected failures retried ({len(self.unexpected)}):")
            for line in collections.Counter(self.unexpected).most_common(5):
                print("   ", line)
        print(
            "problems:"
            if problems
            else "every process completed; no effect twice; history matches the reference; "
            "no subscription out of sync"
        )
        for problem in problems:
            print("   ", problem)
        print("RESULT:", "FAILED" if problems else "OK")


def history_signature(subscription_id) -> collections.Counter:
    """How many history rows (subscription and router block) each workflow's each step wrote."""
    from engine.models import Process
    from subscriptions.models import Subscription
    from tests.testproducts.product_blocks.router import RouterBlock

    keys = {}
    rows: collections.Counter[tuple[str, str, str]] = collections.Counter()
    for model in (Subscription, RouterBlock):
        for process_id, step in model.history.filter(
            **{"subscription_id" if model is RouterBlock else "id": subscription_id}
        ).values_list("history_process_id", "history_step"):
            if process_id not in keys:
                keys[process_id] = Process.objects.get(pk=process_id).workflow.key if process_id else ""
            rows[(model.__name__, keys[process_id], step)] += 1
    return rows


if __name__ == "__main__":
    main()
