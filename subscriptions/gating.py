"""Which workflows may start on a subscription, and why the others may not.

Pure: it takes plain values (the subscription's status, in-sync flag and live users; the
workflows' keys and targets) so the engine can call it with its own models and the rules
can be tested without a database. `subscription_facts` gathers the values from a
subscription for callers that have one.

Rules (engine spec, "Gating rules"):
- a workflow is usable in the states of its target (MODIFY, VALIDATE, RECONCILE, SYSTEM:
  active; TERMINATE: active or provisioning; CREATE: none), unless the policy overrides
  the states for that workflow;
- TERMINATE, and any workflow the policy names, is blocked while live subscriptions use
  this one;
- an out-of-sync subscription accepts only tasks, reconcile workflows and the policy's
  allow-list (default: modify note).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from subscriptions.lifecycle import SubscriptionLifecycle

S = SubscriptionLifecycle

DEFAULT_USABLE_STATES: Mapping[str, frozenset[str]] = {
    "CREATE": frozenset(),
    "MODIFY": frozenset({S.ACTIVE}),
    "TERMINATE": frozenset({S.ACTIVE, S.PROVISIONING}),
    "VALIDATE": frozenset({S.ACTIVE}),
    "RECONCILE": frozenset({S.ACTIVE}),
    "SYSTEM": frozenset({S.ACTIVE}),
}

#: Targets that may always run on an out-of-sync subscription: they are how it gets back in sync.
OUT_OF_SYNC_TARGETS = frozenset({"RECONCILE", "SYSTEM"})


@dataclasses.dataclass(frozen=True)
class WorkflowOption:
    key: str
    target: str  # a Target name, or the engine's Target enum
    is_task: bool = False


@dataclasses.dataclass(frozen=True)
class SubscriptionFacts:
    status: str
    insync: bool
    in_use_by_live: tuple[str, ...] = ()  # names of live subscriptions using this one


@dataclasses.dataclass(frozen=True)
class GatingPolicy:
    usable_states: Mapping[str, frozenset[str]] = dataclasses.field(default_factory=dict)  # by workflow key
    blocked_while_in_use: frozenset[str] = frozenset()  # workflow keys, beyond TERMINATE ones
    allowed_out_of_sync: frozenset[str] = frozenset({"modify_note"})


@dataclasses.dataclass(frozen=True)
class GateDecision:
    key: str
    allowed: bool
    reasons: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def target_name(target) -> str:
    return str(getattr(target, "value", target)).upper()


def gate_workflows(
    facts: SubscriptionFacts, workflows: Iterable[WorkflowOption], policy: GatingPolicy = GatingPolicy()
) -> list[GateDecision]:
    """One decision per workflow, in the order given, each refusal with every reason that applies."""
    return [_decide(facts, workflow, policy) for workflow in workflows]


def _decide(facts: SubscriptionFacts, workflow: WorkflowOption, policy: GatingPolicy) -> GateDecision:
    target = target_name(workflow.target)
    reasons = []
    if workflow.key in policy.usable_states:
        usable = frozenset(policy.usable_states[workflow.key])
    else:
        usable = DEFAULT_USABLE_STATES.get(target, frozenset())
    if target == "CREATE" and workflow.key not in policy.usable_states:
        reasons.append("a create workflow makes a new subscription; it does not start on an existing one")
    elif facts.status not in usable:
        allowed = " or ".join(sorted(str(s) for s in usable)) or "no state"
        reasons.append(f"the subscription is {facts.status}; {workflow.key} needs it {allowed}")
    if (target == "TERMINATE" or workflow.key in policy.blocked_while_in_use) and facts.in_use_by_live:
        reasons.append(f"the subscription is in use by live subscriptions: {', '.join(facts.in_use_by_live)}")
    out_of_sync_ok = (
        workflow.is_task or target in OUT_OF_SYNC_TARGETS or workflow.key in policy.allowed_out_of_sync
    )
    if not facts.insync and not out_of_sync_ok:
        allow_list = ", ".join(sorted(policy.allowed_out_of_sync)) or "nothing else"
        reasons.append(
            "the subscription is out of sync (a process is running on it, or one failed); only tasks, "
            f"reconcile workflows and {allow_list} may start until it is in sync again"
        )
    return GateDecision(workflow.key, not reasons, tuple(reasons))


def subscription_facts(subscription) -> SubscriptionFacts:
    """The facts gating needs, read from a subscription (one query for its live users)."""
    users = subscription.in_use_by(live_only=True)
    return SubscriptionFacts(
        status=str(subscription.status),
        insync=subscription.insync,
        in_use_by_live=tuple(str(u) for u in users),
    )
