"""Modify L2VPN: speed and policer; the L2VPN in NetBox and the NRM follow."""

from __future__ import annotations

from django import forms

from engine import FormPage, State, StepList, begin, step
from lifecycle.subscription_workflows import modify_workflow
from netbox_integration.operations import update
from products.product_types.l2vpn import L2vpn
from products.services.description import description
from products.services.netbox.l2vpn import l2vpn_payload
from subscriptions.tree import load_subscription
from workflows.l2vpn.shared import update_l2vpn_in_nrm
from workflows.shared.forms import before_after_summary


def modify_l2vpn_form(subscription_id: str):
    circuit = load_subscription(subscription_id, as_type=L2vpn).virtual_circuit
    values = yield type(
        "ServicePage",
        (FormPage,),
        {
            "title": "L2VPN",
            "speed": forms.IntegerField(min_value=1, initial=circuit.speed, help_text="Mbit/s"),
            "speed_policer": forms.BooleanField(required=False, initial=circuit.speed_policer),
        },
    )
    yield before_after_summary(
        [
            ("Speed", circuit.speed, values["speed"]),
            ("Speed policer", circuit.speed_policer, values["speed_policer"]),
        ]
    )
    return values


@step("Update subscription")
def update_l2vpn_subscription(subscription: L2vpn, speed: int, speed_policer: bool) -> State:
    subscription.virtual_circuit.speed, subscription.virtual_circuit.speed_policer = speed, speed_policer
    subscription.description = description(subscription)
    return {"subscription": subscription}


@step("Update L2VPN in IMS")
def update_l2vpn_in_ims(subscription: L2vpn) -> State:
    l2vpn = update(l2vpn_payload(subscription))
    return {"l2vpn": {"id": l2vpn.id, "name": l2vpn.name}}


@modify_workflow("Modify L2VPN", initial_input_form=modify_l2vpn_form, products=[L2vpn])
def modify_l2vpn() -> StepList:
    return begin >> update_l2vpn_subscription >> update_l2vpn_in_ims >> update_l2vpn_in_nrm
