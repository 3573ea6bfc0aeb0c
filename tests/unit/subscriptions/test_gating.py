"""Which workflows may start on a subscription, and the reasons given for the others."""

import enum

import pytest

from subscriptions.gating import (
    GateDecision,
    GatingPolicy,
    SubscriptionFacts,
    WorkflowOption,
    gate_workflows,
    subscription_facts,
)
from tests.testproducts import factories

MODIFY = WorkflowOption("modify_router", "MODIFY")
TERMINATE = WorkflowOption("terminate_router", "TERMINATE")
VALIDATE = WorkflowOption("validate_router", "VALIDATE")
RECONCILE = WorkflowOption("reconcile_router", "RECONCILE")
CREATE = WorkflowOption("create_router", "CREATE")
MODIFY_NOTE = WorkflowOption("modify_note", "MODIFY")
TASK = WorkflowOption("validate_all", "SYSTEM", is_task=True)

ACTIVE = SubscriptionFacts(status="active", insync=True)


DEFAULT_POLICY = GatingPolicy()


def decide(facts, *workflows, policy=DEFAULT_POLICY) -> dict[str, GateDecision]:
    return {d.key: d for d in gate_workflows(facts, workflows, policy)}


def allowed(facts, *workflows, policy=DEFAULT_POLICY) -> set[str]:
    return {key for key, d in decide(facts, *workflows, policy=policy).items() if d.allowed}


ALL = (MODIFY, TERMINATE, VALIDATE, RECONCILE, CREATE, MODIFY_NOTE, TASK)


@pytest.mark.parametrize(
    "status, usable",
    [
        (
            "active",
            {
                "modify_router",
                "terminate_router",
                "validate_router",
                "reconcile_router",
                "modify_note",
                "validate_all",
            },
        ),
        ("provisioning", {"terminate_router"}),
        ("initial", set()),
        ("disabled", set()),
        ("terminated", set()),
    ],
)
def test_default_usable_states_per_target(status, usable):
    assert allowed(SubscriptionFacts(status=status, insync=True), *ALL) == usable


def test_a_refusal_says_which_state_is_needed():
    decision = decide(SubscriptionFacts(status="provisioning", insync=True), MODIFY, CREATE)
    assert decision["modify_router"].reasons == (
        "the subscription is provisioning; modify_router needs it active",
    )
    assert decision["create_router"].reasons == (
        "a create workflow makes a new subscription; it does not start on an existing one",
    )


def test_the_override_map_changes_the_usable_states_of_one_workflow():
    policy = GatingPolicy(usable_states={"modify_router": frozenset({"active", "disabled"})})
    facts = SubscriptionFacts(status="disabled", insync=True)
    assert allowed(facts, MODIFY, VALIDATE, policy=policy) == {"modify_router"}
    assert decide(facts, VALIDATE, policy=policy)["validate_router"].reason == (
        "the subscription is disabled; validate_router needs it active"
    )


def test_terminate_is_blocked_while_live_subscriptions_use_it():
    facts = SubscriptionFacts(status="active", insync=True, in_use_by_live=("port A", "port B"))
    decision = decide(facts, TERMINATE, MODIFY)
    assert not decision["terminate_router"].allowed
    assert decision["terminate_router"].reasons == (
        "the subscription is in use by live subscriptions: port A, port B",
    )
    assert decision["modify_router"].allowed


def test_the_policy_can_block_other_workflows_while_in_use():
    facts = SubscriptionFacts(status="active", insync=True, in_use_by_live=("port A",))
    policy = GatingPolicy(blocked_while_in_use=frozenset({"modify_router"}))
    assert allowed(facts, MODIFY, VALIDATE, policy=policy) == {"validate_router"}


def test_out_of_sync_accepts_only_tasks_reconcile_and_the_allow_list():
    facts = SubscriptionFacts(status="active", insync=False)
    assert allowed(facts, *ALL) == {"reconcile_router", "modify_note", "validate_all"}
    assert decide(facts, MODIFY)["modify_router"].reasons == (
        "the subscription is out of sync (a process is running on it, or one failed); only tasks, reconcile "
        "workflows and modify_note may start until it is in sync again",
    )


def test_the_out_of_sync_allow_list_is_configurable():
    facts = SubscriptionFacts(status="active", insync=False)
    policy = GatingPolicy(allowed_out_of_sync=frozenset({"validate_router"}))
    assert allowed(facts, VALIDATE, MODIFY_NOTE, policy=policy) == {"validate_router"}


def test_every_reason_that_applies_is_given():
    facts = SubscriptionFacts(status="provisioning", insync=False, in_use_by_live=("port A",))
    decision = decide(facts, TERMINATE, MODIFY)
    assert len(decision["terminate_router"].reasons) == 2  # in use, out of sync (provisioning is fine)
    assert len(decision["modify_router"].reasons) == 2  # state, out of sync


def test_targets_may_be_given_as_the_engines_enum():
    class Target(str, enum.Enum):  # noqa: UP042 (a StrEnum would change what f"{member}" prints)
        TERMINATE = "TERMINATE"

    facts = SubscriptionFacts(status="provisioning", insync=True)
    assert allowed(facts, WorkflowOption("terminate_router", Target.TERMINATE)) == {"terminate_router"}


@pytest.mark.django_db
def test_facts_are_read_from_a_subscription():
    router = factories.router()
    interface = factories.interface(router)
    factories.interface(router, "terminated")

    assert subscription_facts(router) == SubscriptionFacts(
        status="active", insync=True, in_use_by_live=(interface.description,)
    )
