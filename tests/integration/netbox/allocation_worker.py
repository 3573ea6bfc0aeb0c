"""Runs in a separate OS process: waits for the others, then asks NetBox for addresses."""

from netbox_integration.ipam import next_free_address

BARRIER_TIMEOUT_SECONDS = 60


def allocate(parent_id: int, worker: int, count: int, barrier, results) -> None:
    """Put (worker, [addresses]) or (worker, error text) on the results queue."""
    try:
        barrier.wait(BARRIER_TIMEOUT_SECONDS)
        addresses = [
            next_free_address(parent_id, f"worker {worker} address {n}").address for n in range(count)
        ]
        results.put((worker, addresses))
    except Exception as error:  # reported to the test, which fails with it
        results.put((worker, f"{type(error).__name__}: {error}"))
