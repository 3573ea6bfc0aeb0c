"""Modify port: description, auto-negotiation and LLDP; node, name, type and mode stay."""

from __future__ import annotations

from django import forms

from engine import FormPage, RequiredText, State, StepList, begin, step
from lifecycle.subscription_workflows import modify_workflow
from products.product_types.port import Port
from products.services.description import description
from subscriptions.tree import load_subscription
from workflows.port.shared import update_port_in_nrm, update_port_interface_in_ims
from workflows.shared.forms import before_after_summary


def modify_port_form(subscription_id: str):
    port = load_subscription(subscription_id, as_type=Port)
    block = port.port
    page = type(
        "PortPage",
        (FormPage,),
        {
            "title": f"Modify {port.description}",
            "node": forms.CharField(disabled=True, required=False, initial=block.node.node_name),
            "port_name": forms.CharField(disabled=True, required=False, initial=block.port_name),
            "port_type": forms.CharField(disabled=True, required=False, initial=block.port_type),
            "port_mode": forms.CharField(disabled=True, required=False, initial=block.port_mode),
            "port_description": RequiredText(max_length=128, initial=block.port_description),
            "auto_negotiation": forms.BooleanField(required=False, initial=block.auto_negotiation),
            "lldp": forms.BooleanField(required=False, initial=block.lldp),
        },
    )
    values = yield page
    yield before_after_summary(
        [
            ("Description", block.port_description, values["port_description"]),
            ("Auto-negotiation", block.auto_negotiation, values["auto_negotiation"]),
            ("LLDP", block.lldp, values["lldp"]),
        ]
    )
    return {name: values[name] for name in ("port_description", "auto_negotiation", "lldp")}


@step("Update subscription")
def update_port_subscription(
    subscription: Port, port_description: str, auto_negotiation: bool, lldp: bool
) -> State:
    block = subscription.port
    block.port_description, block.auto_negotiation, block.lldp = port_description, auto_negotiation, lldp
    subscription.description = description(subscription)
    return {"subscription": subscription}


@modify_workflow("Modify port", initial_input_form=modify_port_form, products=[Port])
def modify_port() -> StepList:
    return begin >> update_port_subscription >> update_port_interface_in_ims >> update_port_in_nrm
