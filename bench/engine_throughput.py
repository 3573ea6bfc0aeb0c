#!/usr/bin/env python
"""Engine throughput and latency through a real django-q2 cluster on PostgreSQL.

    DATABASE_URL=postgres://root@127.0.0.1:5432/nrenorch_bench [REDIS_URL=redis://127.0.0.1:6379/5] \
        .venv/bin/python bench/engine_throughput.py [--n 200] [--workers 2] [--single 30]

Runs a task of 6 trivial steps (8 logged steps with Start and Done): first --single
processes one at a time (start → completed latency), then --n processes submitted at
once (throughput). Times come from the engine's own step timestamps, not from polling.
"""

import argparse
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nrenorch.settings")
os.environ.setdefault("NRENORCH_DEVELOPMENT", "1")  # the built-in SECRET_KEY is fine for a benchmark
os.environ["ENGINE_WORKFLOW_MODULES"] = "bench.workflows"
os.environ.setdefault("LOG_LEVEL", "WARNING")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--single", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--steps",
        type=int,
        choices=(6, 4),
        default=6,
        help="trivial steps per process: 6 (8 logged, create-like) or 4 (6 logged, modify-like)",
    )
    parser.add_argument(
        "--step-sleep",
        type=float,
        default=0,
        help="run a task of 3 steps that each wait this long (an outside system's answer) instead",
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (it is created if missing)")
    ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db.models import Max, Min

    from bench.workflows import BENCH, create_effects_table
    from engine.models import Process, ProcessStep
    from engine.operations import start_process

    create_effects_table()
    if args.step_sleep:
        key, inputs, logged = "task_bench_effects", [{"step_sleep": args.step_sleep}], 5
    elif args.steps == 4:
        key, inputs, logged = "task_bench_four_steps", [], 6
    else:
        key, inputs, logged = "task_bench_six_steps", [], 8
    Process.objects.filter(workflow__key=key).delete()
    broker = "Redis" if os.environ.get("REDIS_URL") else "ORM (PostgreSQL)"
    env = {**os.environ, "Q_WORKERS": str(args.workers)}
    cluster = subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        time.sleep(3)  # let the workers start
        warm = start_process(key, inputs, actor=BENCH)
        wait_all([warm.pk], Process)

        latencies = []
        for _ in range(args.single):
            process = start_process(key, inputs, actor=BENCH)
            wait_all([process.pk], Process)
            latencies.append(span_ms(process.pk, Process, ProcessStep))

        begin = time.perf_counter()
        ids = [start_process(key, inputs, actor=BENCH).pk for _ in range(args.n)]
        submitted = time.perf_counter() - begin
        wait_all(ids, Process, timeout=600)
        window = Process.objects.filter(pk__in=ids).aggregate(start=Min("started_at"))
        end = ProcessStep.objects.filter(process_id__in=ids).aggregate(end=Max("completed_at"))["end"]
        elapsed = (end - window["start"]).total_seconds()
        steps = ProcessStep.objects.filter(process_id__in=ids).count()
        batch_latencies = [span_ms(pk, Process, ProcessStep) for pk in ids]
    finally:
        os.killpg(cluster.pid, signal.SIGTERM)
        try:
            cluster.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(cluster.pid, signal.SIGKILL)

    what = (
        f"3 steps waiting {args.step_sleep * 1000:.0f} ms each"
        if args.step_sleep
        else f"{args.steps} trivial steps"
    )
    print(
        f"broker: {broker}; workers: {args.workers}; {what}; "
        f"{logged} logged steps per process (with Start, Done)"
    )
    print(
        f"one at a time ({args.single}): start → completed median {statistics.median(latencies):.1f} ms "
        f"(min {min(latencies):.1f}, max {max(latencies):.1f}); "
        f"per step {statistics.median(latencies) / logged:.2f} ms"
    )
    print(
        f"{args.n} submitted at once: submit {submitted:.2f} s, all completed in {elapsed:.2f} s → "
        f"{args.n / elapsed:.1f} processes/s, {steps / elapsed:.0f} steps/s; "
        f"median start → completed {statistics.median(batch_latencies):.0f} ms"
    )


def ensure_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    subprocess.run(["createdb", "-h", "127.0.0.1", name], capture_output=True)


def wait_all(ids, Process, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not Process.objects.filter(pk__in=ids).exclude(status="completed").exists():
            return
        time.sleep(0.02)
    raise SystemExit(f"processes did not complete within {timeout}s")


def span_ms(process_id, Process, ProcessStep) -> float:
    """From the process's creation to its Done step, as the engine recorded them."""
    process = Process.objects.get(pk=process_id)
    done = ProcessStep.objects.filter(process_id=process_id).order_by("-id").first()
    return (done.completed_at - process.started_at).total_seconds() * 1000


if __name__ == "__main__":
    main()
