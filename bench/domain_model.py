"""Benchmark: load and save an L2VPN-shaped subscription tree of 10, 100 and 1000 child blocks.

The shape of the anchor figures (../shared/spec/anchor-figures.md): a VLAN service (the
test products' L2VPN) whose endpoints each reference an interface (a port) of another
subscription, which references a router (a node) of a third. Measured:

- load: `load_subscription(id)` and reading every endpoint's interface and router name;
- save: changing one field of one endpoint, then saving the tree;
- create: saving a new tree of N endpoints (for reference).

Usage (PostgreSQL; the database is created and migrated when missing):

    DATABASE_URL=postgres://root@127.0.0.1:5432/nrenorch_bench .venv/bin/python bench/domain_model.py

Prints median, min and max per size, and the query count of each operation.
"""

from __future__ import annotations

import functools
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ["DEBUG"] = "0"  # no query log: it would be part of what is measured

SIZES = (10, 100, 1000)
ROUNDS = {10: 50, 100: 30, 1000: 15}
ROUTERS = 10


def ensure_database() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (it is created when missing)")
    import psycopg
    from psycopg import sql

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def timed[T](
    function: Callable[[Any], T], rounds: int, prepare: Callable[[], Any] | None = None
) -> tuple[list[float], T]:
    """Milliseconds of each round of `function(prepare())`; `prepare` runs outside the clock."""
    if rounds < 1:
        raise ValueError("timed needs at least one round")
    times = []
    for _ in range(rounds):
        argument = prepare() if prepare else None
        start = time.perf_counter()
        result = function(argument)
        times.append((time.perf_counter() - start) * 1000)
    return times, result


def count_queries(function, argument=None) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        function(argument)
    return len(captured)


def main() -> None:
    ensure_database()
    setup_django()

    from products.models import Product
    from subscriptions.tree import load_subscription
    from tests.testproducts import factories
    from tests.testproducts.product_blocks.vlan import EndpointBlock, VlanBlock
    from tests.testproducts.product_types.vlan import Vlan

    vlan_product = Product.objects.get(name="test vlan")
    routers = [factories.router() for _ in range(ROUTERS)]
    interfaces = [factories.interface(routers[n % ROUTERS]) for n in range(max(SIZES))]

    def build(size: int) -> Vlan:
        subscription = Vlan(
            product=vlan_product,
            customer=factories.customer(),
            description=f"bench vlan {size}",
            status="active",
            insync=True,
        )
        subscription.vlan = VlanBlock(speed=1000, ims_id=1)
        subscription.vlan.endpoints = [
            EndpointBlock(interface=i.interface, vlan_id=100, ims_id=n)
            for n, i in enumerate(interfaces[:size])
        ]
        return subscription

    def load_and_read(subscription_id):
        subscription = load_subscription(subscription_id)
        for endpoint in subscription.vlan.endpoints:
            endpoint.interface.router.router_name  # noqa: B018  (typed access through the tree)
        return subscription

    counter = iter(range(10**9))

    def change_one_field(subscription_id):
        subscription = load_subscription(subscription_id)
        subscription.vlan.endpoints[len(subscription.vlan.endpoints) // 2].vlan_id = 2 + next(counter) % 4000
        return subscription

    def save_tree(subscription):
        subscription.save()
        return subscription

    rows = []
    for size in SIZES:
        rounds = ROUNDS[size]
        create_times, vlan = timed(save_tree, max(3, rounds // 5), functools.partial(build, size))
        create_queries = count_queries(save_tree, build(size))
        load_times, _ = timed(load_and_read, rounds, functools.partial(str, vlan.pk))
        load_queries = count_queries(load_and_read, vlan.pk)
        save_times, _ = timed(save_tree, rounds, functools.partial(change_one_field, vlan.pk))
        save_queries = count_queries(save_tree, change_one_field(vlan.pk))
        rows.append((size, "load", load_times, load_queries))
        rows.append((size, "save one change", save_times, save_queries))
        rows.append((size, "create", create_times, create_queries))

    print("| N | operation | median ms | min ms | max ms | queries | rounds |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for size, operation, times, queries in rows:
        print(
            f"| {size} | {operation} | {statistics.median(times):.1f} | {min(times):.1f} | {max(times):.1f} "
            f"| {queries} | {len(times)} |"
        )


if __name__ == "__main__":
    main()
