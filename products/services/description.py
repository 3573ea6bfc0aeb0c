"""How each product (and the core port, for its IPv6 address) describes itself: one function,
dispatched on the model's type, used for subscription descriptions and NetBox descriptions."""

from __future__ import annotations

from functools import singledispatch

from products.product_blocks.core_port import CorePortBlock
from products.product_types.core_link import CoreLink
from products.product_types.l2vpn import L2vpn
from products.product_types.node import Node
from products.product_types.port import Port


@singledispatch
def description(model) -> str:
    raise TypeError(
        f"No description for a {type(model).__name__}; described are: Node, Port, CoreLink, CorePortBlock, L2vpn"
    )


@description.register
def _node(node: Node) -> str:
    return f"node {node.node.node_name} ({node.node.node_status})"


@description.register
def _port(port: Port) -> str:
    block = port.port
    node_name = block.node.node_name if block.node_id else "?"
    return f"{port.product.name} {node_name} {block.port_name} {block.port_description}".strip()


def core_link_name(core_link: CoreLink) -> str:
    """`core link 10G rt1 ethernet-1/1 <-> ethernet-1/2 rt2`: the link without its maintenance flag
    (what names its NetBox prefix, which must not change when maintenance does)."""
    a, b = core_link.core_link.ports
    return f"{core_link.product.name} {_node_name(a)} {a.port_name} <-> {b.port_name} {_node_name(b)}"


@description.register
def _core_link(core_link: CoreLink) -> str:
    maintenance = " (maintenance)" if core_link.core_link.under_maintenance else ""
    return core_link_name(core_link) + maintenance


@description.register
def _core_port(core_port: CorePortBlock) -> str:
    return f"CorePort {_node_name(core_port)} {core_port.port_name}"


@description.register
def _l2vpn(l2vpn: L2vpn) -> str:
    circuit = l2vpn.virtual_circuit
    nodes = sorted({sap.port.node.node_name for sap in circuit.saps if sap.port_id and sap.port.node_id})
    policer = " (policer active)" if circuit.speed_policer else ""
    return f"L2VPN {circuit.speed} Mbit/s ({'-'.join(nodes)}){policer}"


def _node_name(block) -> str:
    return block.node.node_name if block.node_id else "?"
