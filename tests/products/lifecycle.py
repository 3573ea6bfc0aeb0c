"""One base test case for every product's lifecycle, with its parameters as data.

`ProductLifecycleCase` runs create → modify → validate → drift → terminate of one product
against the real NetBox sandbox, the engine inline in the test process. A product's test is a
thin subclass that says, as data: what must exist first (`given`), the create workflow and its
pages, the modify workflow, its pages and what it changes, the validate workflow and one change
by hand it must name (`drift`), the terminate workflow, and which NetBox objects — found by a
lookup, with which fields — exist after each stage (`after_create`, `after_modify`,
`after_terminate`). Pages, lookups and fields may be callables of the `World`: the
subscriptions made so far, the one under test, NetBox ids (`w.interface("rt1", "ethernet-1/1")`).

Speed: NetBox is reset, bootstrapped and the `given` subscriptions built once per class, in a
database transaction that stays open for the class (each test runs in a savepoint inside it and
is rolled back, as Django's TestCase does with setUpTestData). NetBox is not rolled back, so
each test's own subscription is terminated after the test when the test did not: the next test
starts from the same NetBox. Every NetBox object is read back with pynetbox.

Every internal import of these tests is in this module (the block below), so moving the code
is a change here only.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pytest
from django.db import transaction

from engine import dispatch, runner
from engine import operations as ops
from engine.models import Process

# --- The internal modules these tests use: all of them, here --------------------------------
from netbox_integration import sandbox
from netbox_integration.bootstrap import bootstrap, wipe
from netbox_integration.client import netbox
from subscriptions.tree import load_subscription
from tests.actors import person
from tests.integration.catalogue.catalogue import (
    Catalogue,
    completed,
    device_type,
    first_page,
    interface,
    inventory,
    node_page,
    port_page,
    role,
    site,
)

__all__ = [
    "Drift",
    "InNetBox",
    "ProductLifecycleCase",
    "World",
    "a_node",
    "a_port",
    "device_type",
    "endpoint",
    "node_page",
    "port_page",
    "role",
    "site",
    "within",
]

SUBSCRIPTION_ID_FIELD = "nrenorch_subscription_id"
#: Where nrenorch puts objects that carry a subscription id (what "nothing orphaned" looks at).
TAGGED_ENDPOINTS = (
    "dcim.devices",
    "dcim.cables",
    "ipam.ip_addresses",
    "ipam.prefixes",
    "ipam.vlan_groups",
    "ipam.vlans",
    "vpn.l2vpns",
    "vpn.l2vpn_terminations",
)


class World:
    """What a test's data can refer to: the subscriptions built first (`w["rt1"]`), the one
    under test (`w.subscription`, reloaded), and NetBox ids."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self.given: dict[str, Any] = {}
        self.subscription_id = None

    def __getitem__(self, name: str):
        return load_subscription(self.given[name].pk)

    @property
    def subscription(self):
        return load_subscription(self.subscription_id)

    def interface(self, node, name: str) -> int:
        """The NetBox id of interface `name` on the device of node `node` (a name in `given`,
        or a node subscription)."""
        subscription = self[node] if isinstance(node, str) else node
        return interface(subscription.node.ims_id, name).netbox_id()


def resolve(value, world: World):
    return value(world) if callable(value) else value


def within(network: str, prefixlen: int | None = None, *, not_the_network_address: bool = False):
    """An expected field: an address or prefix inside `network` (of length `prefixlen`)."""
    pool = ipaddress.ip_network(network)

    def check(actual) -> bool:
        ip = ipaddress.ip_interface(actual)
        inside = (
            ip.ip in pool and ip.network.prefixlen >= pool.prefixlen
        )  # the interface's network within the pool
        right_length = prefixlen is None or ip.network.prefixlen == prefixlen
        return inside and right_length and not (not_the_network_address and ip.ip == pool.network_address)

    check.__name__ = f"within {network}" + (f" as a /{prefixlen}" if prefixlen else "")
    return check


@dataclass(frozen=True)
class InNetBox:
    """`count` NetBox objects at `endpoint` ("dcim.devices") match `lookup` (filters), each with
    `fields`. A field is a name (dotted into nested values: "custom_fields.x") and the expected
    value: nested objects compare by id, choices by value, lists sorted; a callable is a check."""

    endpoint: str
    # Callable[..., dict]: the callables are lambdas of the world that bind loop values as
    # defaults (`lambda w, index=index: …`), called with the world alone.
    lookup: Callable[..., dict] | dict
    fields: Callable[..., dict] | dict = field(default_factory=dict)
    count: int = 1

    def check(self, world: World) -> list[dict]:
        lookup = resolve(self.lookup, world)
        assert lookup and None not in lookup.values(), f"{self.endpoint}: lookup {lookup} names nothing"
        found = [dict(record) for record in endpoint(self.endpoint).filter(**lookup)]
        where = f"{self.endpoint} {lookup}"
        assert len(found) == self.count, f"{where}: {len(found)} in NetBox, expected {self.count}"
        expected = resolve(self.fields, world)
        for record in found:
            actual = {name: read(record, name) for name in expected}
            for name, value in expected.items():
                if callable(value):
                    assert value(actual[name]), f"{where}: {name} is {actual[name]!r}, not {value.__name__}"
            exact = {name: value for name, value in expected.items() if not callable(value)}
            assert {name: actual[name] for name in exact} == exact, where
        return found


@dataclass(frozen=True)
class Drift:
    """A change by hand to one NetBox object (found like `InNetBox`) that the validate must name:
    it fails as inconsistent_data saying `<field> is <new value> in NetBox`."""

    endpoint: str
    lookup: Callable[[World], dict] | dict
    change: dict


def endpoint(name: str):
    app, path = name.split(".")
    return getattr(getattr(netbox(), app), path)


def read(record: dict, name: str):
    value: Any = record
    for part in name.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return plain(value)


def plain(value):
    if isinstance(value, dict):
        return value["value"] if "value" in value else value.get("id", value)
    if isinstance(value, list):
        return sorted((plain(v) for v in value), key=repr)
    return value


# --- What a product's `given` is made of -----------------------------------------------------


def a_node(
    name: str,
    product: str = "node Cisco",
    model: str = "Cisco 8812",
    site_name: str = "Amsterdam",
    interfaces: bool = True,
):
    """An active node subscription (with its discovered interfaces unless told otherwise)."""
    return lambda w: w.catalogue.create(
        "create_node", product, node_page(name, model, site_name, interfaces), {}
    )[1]


def a_port(node: str, interface_name: str, product: str = "port 10G", mode: str = "tagged"):
    """An active port subscription on interface `interface_name` of node `node`."""
    return lambda w: w.catalogue.create(
        "create_port", product, {"node": str(w[node].pk)}, port_page(w[node], interface_name, mode), {}
    )[1]


# --- The base case -----------------------------------------------------------------------------


class _Inline:
    """The engine's dispatcher, replaced for the class: processes run in the test process."""

    def __init__(self):
        self.queued: list[str] = []

    def enqueue(self, process_id):
        self.queued.append(str(process_id))

    def drain(self):
        while self.queued:
            runner.run_process(self.queued.pop(0))


class ProductLifecycleCase:
    """Subclass as `Test<Product>Lifecycle` and set the data below; the tests are inherited."""

    pytestmark = [pytest.mark.integration, pytest.mark.netbox, pytest.mark.django_db]

    product: ClassVar[str]
    #: Subscriptions built once for the class, in order: name → callable of the World.
    given: ClassVar[dict[str, Callable[[World], Any]]] = {}
    create_workflow: ClassVar[str]
    #: The create's pages after the first (product and customer); the summary page included.
    create_pages: ClassVar[list]
    description: ClassVar[Callable[[World], str] | str]
    after_create: ClassVar[list[InNetBox]]
    modify_workflow: ClassVar[str]
    modify_pages: ClassVar[list]
    description_after_modify: ClassVar[Callable[[World], str] | str]
    after_modify: ClassVar[list[InNetBox]]
    validate_workflow: ClassVar[str]
    drift: ClassVar[Drift]
    terminate_workflow: ClassVar[str]
    terminate_pages: ClassVar[list] = [{"confirm": True}]
    #: What NetBox holds after the terminate (an object gone is `count=0`); beyond this, every
    #: test checks nothing carries the subscription id and NetBox is as before the create.
    after_terminate: ClassVar[list[InNetBox]] = []

    # --- fixtures ----------------------------------------------------------------------------

    @pytest.fixture(scope="class")
    @classmethod
    def world(cls, django_db_setup, django_db_blocker, netbox_sandbox):
        """NetBox reset and bootstrapped, and the `given` subscriptions, once for the class."""
        inline = _Inline()

        def run(process):
            inline.drain()
            return Process.objects.get(pk=process.pk)

        with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch, transaction.atomic():
            patch.setattr(dispatch, "dispatcher", inline)
            if netbox_sandbox is None:  # an external NetBox (NETBOX_URL), emptied as clean_netbox does
                wipe(annihilate=True)
            else:
                sandbox.reset()
            bootstrap()
            world = World(Catalogue(run))
            for name, build in cls.given.items():
                world.given[name] = build(world)
            yield world
            transaction.set_rollback(True)  # the class's database goes; the tests' went before

    @pytest.fixture
    def created(self, world):
        """The product created; after the test it is terminated if the test did not, so NetBox
        is as the class left it. Yields the World; `world.before` is NetBox before the create."""
        world.before, world.subscription_id = inventory(), None
        pages = [first_page(self.product), *self.pages(self.create_pages, world)]
        process = world.catalogue.start(self.create_workflow, pages)
        world.create_process = process
        if process.status == "completed":
            world.subscription_id = process.state["subscription"]
        yield world
        if world.subscription_id and world.subscription.status != "terminated":
            self.terminate(world)

    # --- the tests ---------------------------------------------------------------------------

    def test_create(self, created):
        completed(created.create_process)
        subscription = created.subscription
        state = (subscription.product.name, subscription.status, subscription.insync)
        assert state == (self.product, "active", True)
        assert subscription.description == resolve(type(self).description, created)
        self.netbox_holds(self.after_create, created)
        self.carries_its_subscription_id(created)

    def test_modify(self, created):
        completed(created.create_process)
        _, subscription = created.catalogue.completes(
            self.modify_workflow, created.subscription, *self.pages(self.modify_pages, created)
        )
        assert (subscription.status, subscription.insync) == ("active", True)
        assert subscription.description == resolve(type(self).description_after_modify, created)
        self.netbox_holds(self.after_modify, created)
        # What the modify changed is what the subscription now says: the validate agrees.
        created.catalogue.completes(self.validate_workflow, subscription)

    def test_modify_again_changes_nothing_in_netbox(self, created):
        completed(created.create_process)
        pages = self.pages(self.modify_pages, created)
        created.catalogue.completes(self.modify_workflow, created.subscription, *pages)
        after_first = inventory()
        created.catalogue.completes(self.modify_workflow, created.subscription, *pages)
        assert inventory() == after_first

    def test_validate_passes(self, created):
        completed(created.create_process)
        before = inventory()
        _, subscription = created.catalogue.completes(self.validate_workflow, created.subscription)
        assert subscription.insync and subscription.status == "active"
        assert inventory() == before, "the validate changed NetBox"

    def test_validate_fails_on_drift(self, created):
        completed(created.create_process)
        drift = self.drift
        lookup = resolve(drift.lookup, created)
        (record,) = endpoint(drift.endpoint).filter(**lookup)
        original = {name: read(dict(record), name) for name in drift.change}
        record.update(drift.change)
        try:
            failed = created.catalogue.on(self.validate_workflow, created.subscription)
            assert failed.status == "inconsistent_data", (failed.status, failed.failed_reason)
            for name, value in drift.change.items():
                assert f"{name} is {value!r} in NetBox" in failed.failed_reason, failed.failed_reason
            assert not created.subscription.insync  # left out of sync until a retry passes
        finally:
            endpoint(drift.endpoint).get(record.id).update(original)  # repaired by hand
        ops.retry_process(failed.pk, actor=person("noc"))
        assert created.catalogue.run(failed).status == "completed"
        assert created.subscription.insync

    def test_terminate(self, created):
        completed(created.create_process)
        subscription = self.terminate(created)
        assert subscription.status == "terminated"
        self.netbox_holds(self.after_terminate, created)
        for name in TAGGED_ENDPOINTS:
            left = list(endpoint(name).filter(**{f"cf_{SUBSCRIPTION_ID_FIELD}": str(subscription.pk)}))
            assert left == [], f"{name} still holds objects of the terminated subscription: {left}"
        assert inventory() == created.before, "NetBox is not as it was before the create"

    # --- helpers -------------------------------------------------------------------------------

    @staticmethod
    def pages(pages: list, world: World) -> list[dict]:
        return [resolve(page, world) for page in pages]

    def terminate(self, world: World):
        _, subscription = world.catalogue.completes(
            self.terminate_workflow, world.subscription, *self.pages(self.terminate_pages, world)
        )
        return subscription

    @staticmethod
    def netbox_holds(expected: list[InNetBox], world: World) -> None:
        for objects in expected:
            objects.check(world)

    def carries_its_subscription_id(self, world: World) -> None:
        """Every object the create made (found by `after_create` lookups with `count` 1 that
        live at tagged endpoints) carries the subscription id: what lets a re-run find it."""
        for objects in self.after_create:
            if objects.endpoint in TAGGED_ENDPOINTS:
                for record in objects.check(world):
                    carried = read(record, f"custom_fields.{SUBSCRIPTION_ID_FIELD}")
                    assert carried == str(world.subscription_id), (objects.endpoint, record["id"])
