#!/usr/bin/env python
"""PostgreSQL restarted, or NetBox stopped, while processes run on a real cluster.

    DATABASE_URL=postgres://root@127.0.0.1:5432/nrenorch_bench REDIS_URL=redis://127.0.0.1:6379/6 \
        .venv/bin/python bench/faults.py --fault postgres [--n 60]
    ... bench/faults.py --fault netbox [--n 40] [--outage 10]

postgres: `pg_ctlcluster <version> main restart` a few seconds into the run (this restarts
the machine's PostgreSQL: every session on it loses its connection). netbox: the local
sandbox (`manage.py netbox_sandbox down`, then `up`) for --outage seconds, taken for
exclusive use so no NetBox test session runs meanwhile.

Then, as the schedules would (every 2 s here instead of every minute): recover processes
whose worker lost its lease, retry waiting/api-unavailable tasks; and, as an operator,
retry processes that failed. It reports how processes were affected, and checks that
every one completed and that nothing was half-written or written twice: each database
effect once per process and step; with NetBox, exactly one site per process, described.
"""

import argparse
import collections
import subprocess
import sys
import threading
import time
from pathlib import Path

# Run as `python bench/faults.py`: the project root on sys.path, as harness itself does.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.harness import Cluster, broker_name, configure, purge_queue, setup_django  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fault", choices=["postgres", "netbox"], required=True)
    parser.add_argument(
        "--dry-run", action="store_true", help="the same run without the fault (checks the script)"
    )
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--step-sleep", type=float, default=0.2)
    parser.add_argument("--after", type=float, default=6, help="seconds into the run the fault starts")
    parser.add_argument("--outage", type=float, default=10, help="seconds NetBox stays down")
    args = parser.parse_args()
    configure(lease_seconds=5)
    setup_django()
    if args.fault == "netbox" and not args.dry_run:
        from netbox_integration import sandbox

        # Taken before the processes start (other sessions' NetBox tests finish first, and none
        # starts, or resets NetBox, while it is stopped), and given back right after.
        with sandbox.exclusive_use(report=print):
            run(args)
    else:
        run(args)


def run(args):
    from django.db import close_old_connections, connection
    from django.db.models import Count

    from bench.workflows import BENCH, BENCH_EFFECTS, bench_site_name, create_effects_table
    from engine.models import Process
    from engine.operations import start_process

    key = "task_bench_effects" if args.fault == "postgres" else "task_bench_netbox"
    effects_per_process = 3 if args.fault == "postgres" else 2
    create_effects_table()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {BENCH_EFFECTS}")
    Process.objects.filter(workflow__key=key).delete()
    purge_queue()
    if args.fault == "netbox":
        delete_bench_sites()
    cluster = Cluster(args.workers, "a").start()
    fault: dict[str, object] = {}
    seen: collections.Counter[str] = collections.Counter()
    operator_retries: collections.Counter[str] = collections.Counter()
    try:
        time.sleep(4)
        ids = [
            str(start_process(key, [{"step_sleep": args.step_sleep}], actor=BENCH).pk) for _ in range(args.n)
        ]
        connection.close()
        injector = threading.Thread(target=inject, args=(args, fault), daemon=True)
        injector.start()
        began = time.perf_counter()
        while time.perf_counter() - began < 600:
            time.sleep(2)
            try:
                close_old_connections()
                statuses = dict(
                    Process.objects.filter(pk__in=ids).values_list("status").annotate(n=Count("pk"))
                )
                for status, n in statuses.items():
                    seen[status] = max(seen[status], n)
                if injector.is_alive() or "ended" not in fault:
                    continue
                act_as_scheduler_and_operator(ids, operator_retries)
                if set(statuses) == {"completed"}:
                    break
            except Exception as error:  # noqa: BLE001 - the database is restarting: try again in 2 s
                seen[f"driver saw {type(error).__name__}"] += 1
                connection.close()
        elapsed = time.perf_counter() - began
    finally:
        cluster.stop()

    close_old_connections()
    statuses = dict(Process.objects.filter(pk__in=ids).values_list("status").annotate(n=Count("pk")))
    recovered = sum(Process.objects.filter(pk__in=ids).values_list("recovery_count", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT process_id, step FROM {BENCH_EFFECTS} GROUP BY process_id, step "
            "HAVING count(*) > 1) twice"
        )
        twice = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT count(*) FROM (SELECT process_id FROM {BENCH_EFFECTS} GROUP BY process_id "
            f"HAVING count(*) = {effects_per_process}) whole"
        )
        whole = cursor.fetchone()[0]
    problems = []
    if statuses != {"completed": args.n}:
        problems.append(f"not all completed: {statuses}")
    if twice or whole != args.n:
        problems.append(
            f"effects written twice: {twice}; processes with all {effects_per_process} effects: {whole}"
        )
    if args.fault == "netbox":
        sites = netbox_sites()
        for pk in ids:
            matching = [s for s in sites if s.name == bench_site_name(pk)]
            if len(matching) != 1 or matching[0].description != f"process {pk}":
                problems.append(
                    f"process {pk}: {len(matching)} sites in NetBox, {[s.description for s in matching]}"
                )
                break
        print(
            f"NetBox sites made by the run: {sum(1 for s in sites if s.name.startswith('bench-fault-'))} "
            f"for {args.n} processes"
        )
        delete_bench_sites()

    print(
        f"broker: {broker_name()}; 1 qcluster × {args.workers} workers; lease 5 s; {args.n} processes of "
        f"{key} ({args.step_sleep * 1000:.0f} ms per effect step)"
    )
    print(f"fault: {fault}")
    print(f"most processes seen at once per status while it ran: {dict(seen)}")
    print(
        f"after the fault: processes recovered from a dead lease: {recovered}; retried by the scheduler's "
        f"functions or an operator: {dict(operator_retries)}"
    )
    print(f"final: {statuses}; all done {elapsed:.0f} s after the start")
    for problem in problems:
        print("   ", problem)
    print(
        "RESULT:",
        "FAILED" if problems else "OK: every process completed, nothing half-written or written twice",
    )


def inject(args, fault):
    from netbox_integration import sandbox

    time.sleep(args.after)
    if args.dry_run:
        fault.update(what="none (dry run)", ended=True)
        return
    if args.fault == "postgres":
        version = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout.split()[0]
        started = time.perf_counter()
        done = subprocess.run(["pg_ctlcluster", version, "main", "restart"], capture_output=True, text=True)
        fault.update(
            what=f"pg_ctlcluster {version} main restart",
            seconds=round(time.perf_counter() - started, 1),
            exit=done.returncode,
            ended=True,
        )
        return
    started = time.perf_counter()
    sandbox.down()
    time.sleep(args.outage)
    sandbox.up()
    fault.update(
        what=f"NetBox sandbox down for {args.outage:.0f} s, then up",
        seconds=round(time.perf_counter() - started, 1),
        ended=True,
    )


def act_as_scheduler_and_operator(ids, retries):
    from bench.workflows import BENCH
    from engine.errors import EngineError
    from engine.maintenance import recover_stuck_processes, resume_waiting_processes
    from engine.models import Process
    from engine.operations import retry_process

    report = recover_stuck_processes()
    retries["recovered (lease expired)"] += report["recovered"]
    retries["requeued (queue message lost)"] += report["requeued"]
    retries["retried by resume_waiting_processes"] += resume_waiting_processes()["retried"]
    for process in Process.objects.filter(pk__in=ids, status="failed"):
        try:
            retry_process(process.pk, actor=BENCH)
            retries[f"failed, retried: {process.failed_reason.split(':')[0]}"] += 1
        except EngineError:
            pass


def netbox_sites():
    from netbox_integration.client import netbox

    return list(netbox().dcim.sites.filter(name__isw="bench-fault-"))


def delete_bench_sites():
    for site in netbox_sites():
        site.delete()


if __name__ == "__main__":
    main()
