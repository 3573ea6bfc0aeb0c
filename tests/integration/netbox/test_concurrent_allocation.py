"""Processes asking for the next free address at the same moment get different addresses.

NetBox's available-ips POST chooses and creates under a PostgreSQL advisory lock; these
are real OS processes (multiprocessing, spawn), each with its own HTTP connection.
"""

import ipaddress
import multiprocessing

import pytest

from netbox_integration.idempotency import find_or_create
from netbox_integration.ipam import next_free_address
from netbox_integration.operations import filter
from netbox_integration.payloads import IPAddressPayload, PrefixPayload

from .allocation_worker import allocate

pytestmark = [pytest.mark.integration, pytest.mark.netbox]

WORKERS = 4
ADDRESSES_EACH = 3


def test_processes_asking_at_once_get_different_addresses(clean_netbox):
    pool_id = find_or_create(PrefixPayload(prefix="10.0.127.0/24", is_pool=True))[0].id
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(WORKERS), context.Queue()
    workers = [
        context.Process(target=allocate, args=(pool_id, worker, ADDRESSES_EACH, barrier, results))
        for worker in range(WORKERS)
    ]
    for process in workers:
        process.start()
    outcomes = dict(results.get(timeout=120) for _ in workers)
    for process in workers:
        process.join(timeout=30)

    failures = {worker: outcome for worker, outcome in outcomes.items() if isinstance(outcome, str)}
    assert not failures
    handed_out = [address for addresses in outcomes.values() for address in addresses]
    assert len(handed_out) == WORKERS * ADDRESSES_EACH
    assert len(set(handed_out)) == len(handed_out), f"an address was handed out twice: {sorted(handed_out)}"
    assert "10.0.127.0/24" not in handed_out, "the network address is never handed out"
    in_netbox = [ip.address for ip in filter(IPAddressPayload, parent="10.0.127.0/24", status="active")]
    assert sorted(in_netbox) == sorted(handed_out)


def test_a_rerun_gets_the_same_address(clean_netbox):
    pool_id = find_or_create(PrefixPayload(prefix="fc00:0:0:127::/64", is_pool=True))[0].netbox_id()
    first = next_free_address(pool_id, "IPv6 loopback node-1", subscription_id=None)
    again = next_free_address(pool_id, "IPv6 loopback node-1")
    assert again == first
    assert (
        ipaddress.ip_interface(first.allocated_address()).ip
        != ipaddress.ip_network("fc00:0:0:127::/64").network_address
    )
