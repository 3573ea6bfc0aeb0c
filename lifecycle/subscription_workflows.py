# About 300 lines on purpose: the five subscription workflow decorators share their first pages and steps.
"""Subscription workflow decorators, as in orchestrator-core:

    @create_workflow("Create router", initial_input_form=router_form, products=[Router])
    def create_router() -> StepList:
        return begin >> construct_router >> ensure_provisioning_status >> create_router_in_ims

Each decorator puts the standard steps of its target around the author's steps and the
standard first form page before the author's form (engine spec, "Authoring API"):

| decorator | steps | first form page |
|---|---|---|
| create_workflow | Start · yours · link · status active · in sync · Done | product, customer |
| modify_workflow | Start · link · out of sync · yours · in sync · Done | subscription (+ version) |
| terminate_workflow | Start · link · out of sync · yours · status terminated · in sync · Done | the same |
| validate_workflow | Start · link · out of sync · your checks · in sync · Done | the same |
| reconcile_workflow | as validate (your steps push the subscription outside) | the same |

`products` names the products the workflow is offered for: product type classes (every
product of the type) and/or product names. Starting a workflow on a subscription is
gated (`lifecycle.gating`): refused, with every reason and nothing written, when
the subscription's state, users, sync flag, a process holding it, or a stale version
forbid it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django import forms

from engine.forms import FormPage
from engine.state import State, inject, step_parameters
from engine.steps import StepList, done, init
from engine.workflow import Target, WorkflowDefinition, register
from lifecycle import gating
from lifecycle.subscription_steps import (
    link_process,
    resync,
    set_status,
    store_process_subscription,
    unsync,
)
from products.models import Product
from subscriptions.lifecycle import SubscriptionLifecycle
from subscriptions.models import Customer, Subscription

S = SubscriptionLifecycle


# --- First form pages ---------------------------------------------------------------------


def _run_author_form(form_fn: Callable | None, state: State):
    """Continue with the author's form generator (its parameters filled from the state so far)."""
    if form_fn is None:
        return {}
    generator = form_fn(**inject(getattr(form_fn, "__name__", "form"), step_parameters(form_fn), state))
    return (yield from generator) or {}


def _product_page(definition: WorkflowDefinition) -> type[FormPage]:
    names = gating.offered_product_names(definition)
    products = Product.objects.filter(in_code=True)
    if names is not None:
        products = products.filter(name__in=names)
    only = list(products.values_list("pk", flat=True)[:2])
    return type(
        "ProductPage",
        (FormPage,),
        {
            "title": "Product",
            "description": definition.description,
            "product": forms.ModelChoiceField(
                queryset=products,
                initial=only[0] if len(only) == 1 else None,
                help_text="What to order",
                error_messages={
                    "invalid_choice": f"Not a product {definition.key} creates; choose one of the listed"
                },
            ),
            "customer_id": forms.ModelChoiceField(queryset=Customer.objects.all(), label="Customer"),
        },
    )


def _create_form(definition: WorkflowDefinition, author_form: Callable | None):
    def create_form(state: State):
        chosen = yield _product_page(definition)
        values = {"product": chosen["product"].pk, "customer_id": chosen["customer_id"].pk}
        values.update((yield from _run_author_form(author_form, {**state, **values})))
        return values

    return create_form


class SubscriptionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, subscription) -> str:
        sync = "" if subscription.insync else ", out of sync"
        return f"{subscription.description or subscription.pk} ({subscription.status}{sync})"


def _subscription_page(definition: WorkflowDefinition) -> type[FormPage]:
    names = gating.offered_product_names(definition)
    subscriptions = Subscription.objects.select_related("product")
    if names is not None:
        subscriptions = subscriptions.filter(product__name__in=names)

    def clean(self):
        forms.Form.clean(self)
        data = self.cleaned_data  # what Form.clean returns
        subscription = data.get("subscription_id")
        if subscription is not None and "version" not in self.errors:
            version = data.get("version")
            stale = gating.stale_version_reason(subscription, version)
            for reason in gating.start_refusals(definition, subscription, version):
                self.add_error("version" if reason == stale else "subscription_id", reason)
        return data

    return type(
        "SubscriptionPage",
        (FormPage,),
        {
            "title": "Subscription",
            "description": definition.description,
            "subscription_id": SubscriptionChoiceField(
                queryset=subscriptions,
                label="Subscription",
                error_messages={
                    "invalid_choice": f"No such subscription of a product {definition.key} serves"
                },
            ),
            "version": forms.IntegerField(
                required=False,
                min_value=1,
                help_text="The version of the subscription you looked at: if it changed since, the start "
                "is refused",
            ),
            "clean": clean,
        },
    )


def _existing_subscription_form(definition: WorkflowDefinition, author_form: Callable | None):
    def subscription_form(state: State):
        chosen = yield _subscription_page(definition)
        subscription = chosen["subscription_id"]
        version = chosen.get("version") or subscription.version
        values = {
            "subscription_id": str(subscription.pk),
            "subscription": str(subscription.pk),
            "version": version,
        }
        values.update((yield from _run_author_form(author_form, {**state, **values})))
        return values

    return subscription_form


# --- The decorators -----------------------------------------------------------------------


def _link_at_start(process) -> None:
    link_process(str(process.pk), process.state["subscription_id"])


def subscription_workflow(
    target: Target,
    description: str,
    *,
    around: Callable[[StepList], StepList],
    initial_input_form: Callable | None = None,
    products: Iterable | str,
    key: str | None = None,
    usable_states: Iterable[str] | None = None,
    blocked_while_in_use: bool = False,
    allowed_out_of_sync: bool = False,
):
    """The decorator behind the five below: `around(author's steps)` is the whole plan."""
    if products is None or (not isinstance(products, str) and not list(products)):
        raise TypeError(
            f"{description!r}: say which products the workflow serves (products=[ProductType, …])"
        )
    declared = (
        products
        if products == gating.EVERY_PRODUCT
        else tuple([products] if isinstance(products, (str, type)) else products)
    )

    def decorator(func: Callable[[], StepList]) -> WorkflowDefinition:
        def build() -> StepList:
            steps = func()
            if not isinstance(steps, StepList):
                raise TypeError(
                    f"workflow {func.__name__!r} must return a StepList (begin >> …), got {steps!r}"
                )
            return around(steps)

        build.__module__ = func.__module__
        definition = WorkflowDefinition(
            key=key or func.__name__,
            description=description,
            target=target,
            build_steps=build,
            extras={
                "products": declared,
                "usable_states": None if usable_states is None else tuple(S(s) for s in usable_states),
                "blocked_while_in_use": blocked_while_in_use,
                "allowed_out_of_sync": allowed_out_of_sync,
            },
        )
        if target == Target.CREATE:
            definition.initial_input_form = _create_form(definition, initial_input_form)
        else:
            definition.initial_input_form = _existing_subscription_form(definition, initial_input_form)
            definition.check_start = lambda state: gating.check_start(definition, state)
            definition.process_created = _link_at_start
        return register(definition)

    return decorator


def link_once(steps: StepList) -> StepList:
    """The link of the process to its new subscription, after your steps unless they link it
    themselves (right after building it, so that a create that fails later still holds the
    subscription it made): it runs once in every plan."""
    if any(step.name == store_process_subscription.name for step in steps.steps):
        return StepList(())
    return StepList((store_process_subscription,))


def create_workflow(
    description: str,
    initial_input_form: Callable | None = None,
    *,
    products,
    status: str = S.ACTIVE,
    **options,
):
    """Start · your steps · link · set status `status` (active) · in sync · Done.

    Your steps build the subscription (`new_subscription(product, customer_id)`) and return
    it as {"subscription": …}; the state holds `product` and `customer_id` from the first page."""
    return subscription_workflow(
        Target.CREATE,
        description,
        initial_input_form=initial_input_form,
        products=products,
        around=lambda steps: init >> steps >> link_once(steps) >> set_status(status) >> resync >> done,
        **options,
    )


def modify_workflow(description: str, initial_input_form: Callable | None = None, *, products, **options):
    """Start · link · out of sync · your steps · in sync · Done."""
    return subscription_workflow(
        Target.MODIFY,
        description,
        initial_input_form=initial_input_form,
        products=products,
        around=lambda steps: init >> store_process_subscription >> unsync >> steps >> resync >> done,
        **options,
    )


def terminate_workflow(description: str, initial_input_form: Callable | None = None, *, products, **options):
    """Start · link · out of sync · your steps · set status terminated · in sync · Done."""
    return subscription_workflow(
        Target.TERMINATE,
        description,
        initial_input_form=initial_input_form,
        products=products,
        around=lambda steps: (
            init
            >> store_process_subscription
            >> unsync
            >> steps
            >> set_status(S.TERMINATED)
            >> resync
            >> done
        ),
        **options,
    )


def validate_workflow(description: str, initial_input_form: Callable | None = None, *, products, **options):
    """Start · link · out of sync (even if it already is) · your checks · in sync · Done.

    A check that finds a difference raises (InconsistentData, say): the process fails and
    the subscription stays out of sync, visibly."""
    return subscription_workflow(
        Target.VALIDATE,
        description,
        initial_input_form=initial_input_form,
        products=products,
        around=lambda steps: init >> store_process_subscription >> unsync >> steps >> resync >> done,
        **options,
    )


def reconcile_workflow(description: str, initial_input_form: Callable | None = None, *, products, **options):
    """As validate, but your steps push the subscription to the outside systems. It may
    start on an out-of-sync subscription: it is how one gets back in sync."""
    return subscription_workflow(
        Target.RECONCILE,
        description,
        initial_input_form=initial_input_form,
        products=products,
        around=lambda steps: init >> store_process_subscription >> unsync >> steps >> resync >> done,
        **options,
    )
