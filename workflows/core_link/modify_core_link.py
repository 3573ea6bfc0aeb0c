"""Modify core link: put it under maintenance or take it out; the cable and NRM follow."""

from __future__ import annotations

from django import forms

from engine import FormPage, State, StepList, begin, step
from lifecycle.subscription_workflows import modify_workflow
from products.product_types.core_link import CoreLink
from products.services.description import description
from subscriptions.tree import load_subscription
from workflows.core_link.shared import update_cable_in_ims, update_core_link_in_nrm
from workflows.shared.forms import before_after_summary


def modify_core_link_form(subscription_id: str):
    core_link = load_subscription(subscription_id, as_type=CoreLink)
    before = core_link.core_link.under_maintenance
    values = yield type(
        "MaintenancePage",
        (FormPage,),
        {
            "title": f"Modify {core_link.description}",
            "under_maintenance": forms.BooleanField(required=False, initial=before),
        },
    )
    yield before_after_summary([("Under maintenance", before, values["under_maintenance"])])
    return values


@step("Update subscription")
def update_core_link_subscription(subscription: CoreLink, under_maintenance: bool) -> State:
    subscription.core_link.under_maintenance = under_maintenance
    subscription.description = description(subscription)
    return {"subscription": subscription}


@modify_workflow("Modify core link", initial_input_form=modify_core_link_form, products=[CoreLink])
def modify_core_link() -> StepList:
    return begin >> update_core_link_subscription >> update_cable_in_ims >> update_core_link_in_nrm
