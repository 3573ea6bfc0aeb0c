"""Create L2VPN: VLANs on 2..8 tagged ports, one VLAN group per SAP, an EVPN joining them."""

from __future__ import annotations

from django import forms

from engine import ChoiceListField, FormPage, State, StepList, begin, step
from engine.forms import summary_page
from lifecycle.subscription_steps import (
    ensure_provisioning_status,
    new_subscription,
    store_process_subscription,
)
from lifecycle.subscription_workflows import create_workflow
from netbox_integration.idempotency import find_or_create
from netbox_integration.operations import filter as netbox_filter
from netbox_integration.payloads import VLANPayload
from products.product_blocks.port import PortBlock, PortMode
from products.product_blocks.sap import SapBlock
from products.product_blocks.virtual_circuit import VirtualCircuitBlock
from products.product_types.l2vpn import L2vpn
from products.services.description import description
from products.services.netbox.l2vpn import (
    l2vpn_payload,
    termination_payload,
    vlan_group_payload,
    vlan_payloads,
)
from products.services.vlan_ranges import InvalidVlanRange, format_vlan_ranges, parse_vlan_ranges
from workflows.l2vpn.shared import provision_l2vpn_in_nrm, retag_ports
from workflows.shared import choices

MIN_PORTS, MAX_PORTS = 2, 8


class ServicePage(FormPage):
    title = "L2VPN"
    number_of_ports = forms.IntegerField(min_value=MIN_PORTS, max_value=MAX_PORTS, initial=MIN_PORTS)
    speed = forms.IntegerField(min_value=1, help_text="Mbit/s")
    speed_policer = forms.BooleanField(required=False)


def vlans_already_in_use(port_subscription_ids: list[str], vlans: list[int]) -> list[str]:
    """`Vlan(s) 100, 101 already in use on port rt1 ethernet-1/3` per chosen port that has them."""
    problems = []
    for block in PortBlock.objects.filter(subscription_id__in=port_subscription_ids).select_related("node"):
        taken = sorted(block.vlans_in_use() & set(vlans))
        if taken:
            if block.node is None:
                raise ValueError(
                    f"port {block.port_name} of subscription {block.subscription_id} is on no node"
                )
            problems.append(
                f"Vlan(s) {', '.join(map(str, taken))} already in use on port "
                f"{block.node.node_name} {block.port_name}"
            )
    return problems


def _check_ports_and_vlans(self):
    forms.Form.clean(self)
    data = self.cleaned_data  # what Form.clean returns
    ports, vlan = data.get("ports"), data.get("vlan")
    if ports and vlan:
        for problem in vlans_already_in_use(ports, parse_vlan_ranges(vlan)):
            self.add_error("vlan", forms.ValidationError(problem, code="vlan_in_use"))
    return data


def _clean_vlan(self):
    try:
        return format_vlan_ranges(parse_vlan_ranges(self.cleaned_data["vlan"]))
    except InvalidVlanRange as error:
        raise forms.ValidationError(str(error), code="invalid_vlan") from None


def create_l2vpn_form(product: int):
    service = yield ServicePage
    count = service["number_of_ports"]
    port_choices = choices.active_tagged_port_choices()
    sap_page = yield type(
        "SapPage",
        (FormPage,),
        {
            "title": "Service access points",
            "ports": ChoiceListField(
                choices=port_choices,
                min_items=count,
                max_items=count,
                help_text=f"Exactly {count} active tagged ports",
                error_messages={
                    "invalid_choice": "%(value)s is not an active tagged port; an L2VPN takes active ports "
                    "in tagged mode (choose among the listed)"
                },
            ),
            "vlan": forms.CharField(
                max_length=255,
                help_text="A VLAN range set such as 4,10-14 (each 2..4094), the same on every port",
            ),
            "clean_vlan": _clean_vlan,
            "clean": _check_ports_and_vlans,
        },
    )
    yield summary_page(
        [
            ("Speed", f"{service['speed']} Mbit/s"),
            ("Speed policer", service["speed_policer"]),
            *((f"Port {n}", choices.label_of(port_choices, p)) for n, p in enumerate(sap_page["ports"], 1)),
            ("VLANs", sap_page["vlan"]),
        ]
    )
    return {**service, **sap_page}


@step("Construct L2VPN model")
def construct_l2vpn_model(
    product: int, customer_id: int, speed: int, speed_policer: bool, ports: list[str], vlan: str
) -> State:
    """One SAP per port, the same VLANs on each; checked again (another L2VPN may have taken them)."""
    vlans = parse_vlan_ranges(vlan)
    problems = vlans_already_in_use(ports, vlans)
    if problems:
        raise ValueError("; ".join(problems))
    blocks = {
        str(b.subscription_id): b
        for b in PortBlock.objects.filter(subscription_id__in=ports, port_mode=PortMode.TAGGED)
    }
    missing = [p for p in ports if p not in blocks]
    if missing:
        raise ValueError(f"Not tagged ports: {', '.join(missing)}")
    subscription = new_subscription(product, customer_id, as_type=L2vpn)
    subscription.virtual_circuit = VirtualCircuitBlock(speed=speed, speed_policer=speed_policer)
    subscription.virtual_circuit.saps = [
        SapBlock(port=blocks[p], vlan=format_vlan_ranges(vlans)) for p in ports
    ]
    subscription.description = description(subscription)
    return {"subscription": subscription}


@step("Create VLAN groups and VLANs in IMS")
def create_vlan_groups_in_ims(subscription: L2vpn) -> State:
    """A group `<node> <port>` per SAP with one VLAN per vid (found again, not duplicated, on a re-run)."""
    for sap in subscription.virtual_circuit.saps:
        group, _ = find_or_create(vlan_group_payload(subscription, sap))
        sap.ims_id = group.id
        for vlan in vlan_payloads(subscription, sap, group.netbox_id()):
            find_or_create(vlan)
    return {"subscription": subscription}


@step("Create L2VPN in IMS")
def create_l2vpn_in_ims(subscription: L2vpn) -> State:
    l2vpn, _ = find_or_create(l2vpn_payload(subscription))
    subscription.virtual_circuit.ims_id = l2vpn.id
    return {"subscription": subscription}


@step("Create L2VPN terminations in IMS")
def create_l2vpn_terminations_in_ims(subscription: L2vpn) -> State:
    """One termination per VLAN of every SAP."""
    count = 0
    for sap in subscription.virtual_circuit.saps:
        for vlan in netbox_filter(VLANPayload, group_id=sap.ims_id):
            find_or_create(
                termination_payload(
                    subscription.virtual_circuit.ims_id, vlan.netbox_id(), str(subscription.pk)
                )
            )
            count += 1
    return {"terminations": count}


@step("Tag VLANs on ports")
def tag_vlans_on_ports(subscription: L2vpn) -> State:
    return {"ports_tagged": retag_ports(subscription)}


@create_workflow("Create L2VPN", initial_input_form=create_l2vpn_form, products=[L2vpn])
def create_l2vpn() -> StepList:
    return (
        begin
        >> construct_l2vpn_model
        >> store_process_subscription
        >> ensure_provisioning_status
        >> create_vlan_groups_in_ims
        >> create_l2vpn_in_ims
        >> create_l2vpn_terminations_in_ims
        >> provision_l2vpn_in_nrm
        >> tag_vlans_on_ports
    )
