#!/usr/bin/env python
"""API read latency with 100,000 subscriptions, through gunicorn over HTTP.

    DATABASE_URL=postgres://root@127.0.0.1:5432/nrenorch_bench_api .venv/bin/python bench/api_latency.py \
        [--subscriptions 100000] [--requests 100] [--gunicorn-workers 2]

Seeds the database once (test-product routers in bulk, plus one VLAN over two interfaces
for a deeper domain model), starts `gunicorn nrenorch.wsgi` (DEBUG off), and times each
read as a client sees it: the REST list's first page of 100, a filtered page, one
subscription by text search, a subscription's whole domain model, and a GraphQL page of
100 (scalar fields; then with product, customer and the router block). Prints median,
p95, min and max, the SQL statements per request, and the gunicorn workers' memory.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

# Run as `python bench/api_latency.py`: the project root on sys.path, as harness itself does.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.harness import ROOT, configure, setup_django, wait_until  # noqa: E402

PORT = 8018
GRAPHQL_SCALAR = "{ subscriptions(first: 100) { page { id description status insync startDate } } }"
GRAPHQL_NESTED = """{ subscriptions(first: 100) { page { id description status insync
  product { name tag } customer { shortCode name }
  ... on RouterSubscription { router { routerName routerStatus imsId } } } } }"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscriptions", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--gunicorn-workers", type=int, default=2)
    args = parser.parse_args()
    configure()
    setup_django()
    seed(args.subscriptions)
    token, reads = prepare_reads()
    queries = count_queries(token, reads)
    server = start_gunicorn(args.gunicorn_workers)
    try:
        import requests

        session = requests.Session()
        session.headers["Authorization"] = f"Token {token}"
        wait_until(lambda: _answers(session), 60, what="gunicorn to answer")
        memory_after_start = worker_memory(server)
        results = {
            name: time_read(session, method, path, body, args.requests)
            for name, (method, path, body) in reads.items()
        }
        memory_after_load = worker_memory(server)
    finally:
        server.terminate()
        server.wait(10)

    from subscriptions.models import Subscription

    print(
        f"{Subscription.objects.count()} subscriptions; gunicorn {args.gunicorn_workers} sync workers, "
        f"DEBUG off, PostgreSQL; {args.requests} timed requests each after 5 warm-up, one at a time "
        "over HTTP (keep-alive off)"
    )
    print(f"{'read':<48} {'median':>8} {'p95':>8} {'min':>8} {'max':>8} {'SQL':>4}")
    for name, timings in results.items():
        p95 = statistics.quantiles(timings, n=20, method="inclusive")[-1]
        median = statistics.median(timings)
        print(
            f"{name:<48} {median:8.1f} {p95:8.1f} {min(timings):8.1f} {max(timings):8.1f} {queries[name]:>4}"
        )
    print(
        f"gunicorn worker memory (RSS, MiB): after start {memory_after_start}, "
        f"after the run {memory_after_load}"
    )


def _answers(session) -> bool:
    import requests

    try:
        return session.get(f"http://127.0.0.1:{PORT}/api/health/", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def seed(wanted: int) -> None:
    """Routers in bulk (one subscription row and one router block each) up to `wanted`."""
    from django.db import transaction
    from django.utils import timezone

    from products.models import Product
    from subscriptions.models import Customer, Subscription
    from tests.testproducts import factories
    from tests.testproducts.product_blocks.router import RouterBlock
    from tests.testproducts.product_types.router import Router

    if not Subscription.objects.filter(description__startswith="vlan").exists():
        router = factories.router(name="rt-api-bench")
        factories.vlan(
            [factories.interface(router, name="eth1"), factories.interface(router, name="eth2")], vlan_id=7
        )
    have = Subscription.objects.count()
    if have >= wanted:
        return
    product = Product.objects.get(name="test router A")
    customers = list(Customer.objects.all())
    statuses = ["active"] * 8 + ["provisioning", "terminated"]
    started = time.perf_counter()
    now = timezone.now()
    for batch_start in range(have, wanted, 5000):
        batch = range(batch_start, min(batch_start + 5000, wanted))
        subscriptions = [
            Router(
                product=product,
                customer=customers[i % len(customers)],
                description=f"router rt{i}",
                status=statuses[i % len(statuses)],
                insync=i % 50 != 0,
                start_date=now - timedelta(minutes=i),
            )
            for i in batch
        ]
        with transaction.atomic():
            Subscription.objects.bulk_create(subscriptions)
            RouterBlock.objects.bulk_create(
                [
                    RouterBlock(
                        subscription_id=s.pk,
                        router_name=f"rt{i}",
                        router_status="active",
                        site_id=i % 97 + 1,
                        ims_id=i,
                        nrm_id=i,
                    )
                    for i, s in zip(batch, subscriptions, strict=True)
                ]
            )
        print(f"\rseeded {batch.stop} subscriptions", end="", flush=True)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"\nseeded {wanted - have} routers in {time.perf_counter() - started:.0f} s")


def prepare_reads() -> tuple[str, dict]:
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from subscriptions.models import Subscription

    user, _ = get_user_model().objects.get_or_create(
        username="api-bench", defaults={"is_staff": True, "is_superuser": True}
    )
    token, _ = Token.objects.get_or_create(user=user)
    vlan = Subscription.objects.filter(description__startswith="vlan").first()
    router = Subscription.objects.filter(description="router rt54321").first() or Subscription.objects.last()
    if vlan is None or router is None:
        sys.exit("no VLAN or router subscription: the seeding did not run")
    reads = {
        "REST list, first page of 100": ("GET", "/api/subscriptions/?page_size=100", None),
        "REST filtered page (customer + status), 100": (
            "GET",
            "/api/subscriptions/?customer_short_code=SURF&status=provisioning&page_size=100",
            None,
        ),
        "REST filtered to one (search by description)": (
            "GET",
            f"/api/subscriptions/?search={router.description}",
            None,
        ),
        "REST domain model of one router": ("GET", f"/api/subscriptions/domain-model/{router.pk}", None),
        "REST domain model of a VLAN (2 endpoints)": (
            "GET",
            f"/api/subscriptions/domain-model/{vlan.pk}",
            None,
        ),
        "GraphQL page of 100, scalar fields": ("POST", "/api/graphql/", {"query": GRAPHQL_SCALAR}),
        "GraphQL page of 100, product+customer+router": ("POST", "/api/graphql/", {"query": GRAPHQL_NESTED}),
    }
    return token.key, reads


def count_queries(token: str, reads: dict) -> dict:
    """SQL statements per request, in process (the same views gunicorn serves)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    counts = {}
    for name, (method, path, body) in reads.items():
        with CaptureQueriesContext(connection) as captured:
            response = (
                client.get(path)
                if method == "GET"
                else client.post(path, body, content_type="application/json")
            )
        if response.status_code != 200 or (method == "POST" and "errors" in response.json()):
            sys.exit(f"{name}: {path} answered {response.status_code}: {response.content[:300]!r}")
        counts[name] = len(captured.captured_queries)
    return counts


def start_gunicorn(workers: int) -> subprocess.Popen:
    env = {**os.environ, "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1,localhost", "LOG_LEVEL": "WARNING"}
    # The production configuration (deploy/gunicorn.conf.py), on a port of its own, without the access log.
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "nrenorch.wsgi",
            "--config",
            "deploy/gunicorn.conf.py",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--access-logfile",
            "/dev/null",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )


def worker_memory(server: subprocess.Popen) -> list[int]:
    mib: list[int] = []
    children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True)
    for pid in children.stdout.split():
        with open(f"/proc/{pid}/status") as status:
            mib.extend(round(int(line.split()[1]) / 1024) for line in status if line.startswith("VmRSS:"))
    return mib


def time_read(session, method: str, path: str, body, count: int) -> list[float]:
    url = f"http://127.0.0.1:{PORT}{path}"
    timings = []
    for i in range(count + 5):
        started = time.perf_counter()
        response = session.get(url) if method == "GET" else session.post(url, json=body)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            sys.exit(f"{path} answered {response.status_code}: {response.text[:300]}")
        if i >= 5:
            timings.append(elapsed)
    return timings


if __name__ == "__main__":
    main()
