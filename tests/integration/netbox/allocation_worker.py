"""Runs in a separate OS process: waits for the others, then asks NetBox for addresses."""

from netbox_integration.ipam import next_free_address


def allocate(parent_id: int, worker: int, count: int, barrier) -> list[str]:

    barrier.wait()
    return [next_free_address(parent_id, f"worker {worker} address {n}").address for n in range(count)]
