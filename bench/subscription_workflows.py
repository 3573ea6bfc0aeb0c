#!/usr/bin/env python
"""Subscription workflows one at a time through a real django-q2 cluster on PostgreSQL.

    DATABASE_URL=postgres://root@127.0.0.1:5432/nrenorch_bench REDIS_URL=redis://127.0.0.1:6379/5 \
        .venv/bin/python bench/subscription_workflows.py [--single 30] [--workers 2]

The test products' router workflows, with real step bodies (loading the subscription's
tree, saving it with its history rows, linking the process, setting the status):
*create* = create_test_router (8 logged steps), *modify* = modify_test_router (6 logged
steps: Start, link, out of sync, describe, in sync, Done). Latency is from the process's
creation to its Done step, as the engine recorded them (queue hand-over included).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import harness  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--single", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    harness.configure()
    harness.setup_django()
    harness.purge_queue()

    from bench.workflows import BENCH
    from engine.models import Process, ProcessStep
    from engine.operations import start_process
    from products.models import Product
    from subscriptions.models import Customer

    product = Product.objects.get(name="test router A")
    customer = Customer.objects.get(short_code="SURF")
    counter = iter(range(10**9))

    def create():
        n = next(counter)
        return start_process(
            "create_test_router",
            [
                {"product": product.pk, "customer_id": customer.pk},
                {"router_name": f"bench-{time.time_ns()}-{n}", "site_id": 4},
            ],
            actor=BENCH,
        )

    def modify(subscription_id):
        def start():
            return start_process(
                "modify_test_router",
                [{"subscription_id": subscription_id}, {"description": f"bench {next(counter)}"}],
                actor=BENCH,
            )

        return start

    cluster = harness.Cluster(args.workers, label="subscription-bench").start()
    try:
        time.sleep(3)  # let the workers start
        warm = create()
        wait(warm.pk, Process)
        subscription_id = Process.objects.get(pk=warm.pk).state["subscription"]
        rows = []
        for name, start, logged in (
            ("create_test_router", create, 8),
            ("modify_test_router", modify(subscription_id), 6),
        ):
            latencies = []
            for _ in range(args.single):
                process = start()
                wait(process.pk, Process)
                latencies.append(span_ms(process.pk, Process, ProcessStep))
            rows.append((name, logged, latencies))
    finally:
        cluster.stop()

    print(f"broker: {harness.broker_name()}; workers: {args.workers}; one at a time, {args.single} each")
    for name, logged, latencies in rows:
        print(
            f"{name} ({logged} logged steps): start → completed median {statistics.median(latencies):.1f} ms "
            f"(min {min(latencies):.1f}, max {max(latencies):.1f})"
        )


def wait(process_id, Process, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = Process.objects.filter(pk=process_id).values_list("status", flat=True).first()
        if status == "completed":
            return
        if status not in ("created", "running", "resumed"):
            raise SystemExit(
                f"process {process_id} ended {status}: {Process.objects.get(pk=process_id).failed_reason}"
            )
        time.sleep(0.005)
    raise SystemExit(f"process {process_id} did not complete within {timeout}s")


def span_ms(process_id, Process, ProcessStep) -> float:
    """From the process's creation to its Done step, as the engine recorded them."""
    started = Process.objects.filter(pk=process_id).values_list("started_at", flat=True).get()
    done = (
        ProcessStep.objects.filter(process_id=process_id)
        .order_by("-id")
        .values_list("completed_at", flat=True)[0]
    )
    return (done - started).total_seconds() * 1000


if __name__ == "__main__":
    main()
