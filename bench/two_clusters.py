#!/usr/bin/env python
"""Two `qcluster` instances (two "worker hosts") on one queue: no process runs twice, none is lost.

    DATABASE_URL=postgres://root@127.0.0.1:5432/nrenorch_bench [REDIS_URL=redis://127.0.0.1:6379/5] \
        .venv/bin/python bench/two_clusters.py [--n 400] [--workers 2]

Both clusters use the same broker, cluster name and SECRET_KEY, as two hosts would.
Each process is a task of three steps; every step inserts a row (process, step, which
cluster, which worker pid) in its own transaction. Afterwards: every process completed,
every (process, step) row exactly once, and how the work was shared between the clusters.
"""

import argparse
import sys
import time
from pathlib import Path

# Run as `python bench/two_clusters.py`: the project root on sys.path, as harness itself does.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.harness import Cluster, broker_name, configure, purge_queue, setup_django, wait_until  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2, help="worker processes per cluster")
    parser.add_argument("--step-sleep", type=float, default=0.01)
    args = parser.parse_args()
    configure()
    setup_django()
    from django.db import connection
    from django.db.models import Count, Max, Min

    from bench.workflows import BENCH, BENCH_EFFECTS, create_effects_table
    from engine.models import Process, ProcessStep
    from engine.operations import start_process

    create_effects_table()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {BENCH_EFFECTS}")
    Process.objects.filter(workflow__key="task_bench_effects").delete()
    purge_queue()
    clusters = [Cluster(args.workers, label).start() for label in ("a", "b")]
    try:
        time.sleep(4)
        started = time.perf_counter()
        ids = [
            str(start_process("task_bench_effects", [{"step_sleep": args.step_sleep}], actor=BENCH).pk)
            for _ in range(args.n)
        ]
        wait_until(
            lambda: not Process.objects.filter(pk__in=ids).exclude(status="completed").exists(),
            900,
            what="all processes to complete",
        )
        elapsed = time.perf_counter() - started
    finally:
        for cluster in clusters:
            cluster.stop()

    statuses = dict(Process.objects.filter(pk__in=ids).values_list("status").annotate(n=Count("pk")))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT process_id, step FROM {BENCH_EFFECTS} "
            "GROUP BY process_id, step HAVING count(*) > 1) twice"
        )
        twice = cursor.fetchone()[0]
        cursor.execute(f"SELECT count(DISTINCT process_id) FROM {BENCH_EFFECTS}")
        with_effects = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT count(*) FROM (SELECT process_id FROM {BENCH_EFFECTS} GROUP BY process_id "
            "HAVING count(*) <> 3) incomplete"
        )
        wrong_count = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT cluster, count(DISTINCT process_id), count(*), count(DISTINCT pid) FROM {BENCH_EFFECTS} "
            "GROUP BY cluster ORDER BY cluster"
        )
        shares = cursor.fetchall()
        cursor.execute(
            f"SELECT count(*) FROM (SELECT process_id FROM {BENCH_EFFECTS} GROUP BY process_id "
            "HAVING count(DISTINCT cluster) > 1) split"
        )
        split = cursor.fetchone()[0]
    step_rows = ProcessStep.objects.filter(process_id__in=ids)
    duplicate_steps = (
        step_rows.values("process_id", "position").annotate(n=Count("id")).filter(n__gt=1).count()
    )
    window = step_rows.aggregate(first=Min("started_at"), last=Max("completed_at"))

    print(
        f"broker: {broker_name()}; 2 qcluster instances × {args.workers} workers on one queue; "
        f"{args.n} processes of 3 effect steps (+ Start, Done), "
        f"{args.step_sleep * 1000:.0f} ms per effect step"
    )
    completed = statuses.get("completed", 0)
    print(f"statuses: {statuses}; completed {completed}/{args.n}, lost {args.n - with_effects}")
    print(
        f"(process, step) effects written more than once: {twice}; processes without exactly 3 effects: "
        f"{wrong_count}; step rows recorded twice for one position: {duplicate_steps}"
    )
    for cluster, processes, effects, pids in shares:
        print(
            f"cluster {cluster}: ran steps of {processes} processes ({effects} effect steps) "
            f"on {pids} worker pids"
        )
    print(f"processes whose steps ran on both clusters: {split}")
    first_to_last = (window["last"] - window["first"]).total_seconds()
    print(
        f"all done in {elapsed:.1f} s (first step to last {first_to_last:.1f} s)"
        f" → {args.n / elapsed:.1f} processes/s"
    )
    ok = statuses.get("completed", 0) == args.n and twice == 0 and wrong_count == 0 and duplicate_steps == 0
    print("RESULT:", "OK" if ok else "FAILED")


if __name__ == "__main__":
    main()
