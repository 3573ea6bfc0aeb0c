"""VLAN range sets live in `products.vlan_ranges` (the SAP and port blocks use them, and
blocks sit below services). Named here too because workflows/l2vpn imports them from here;
drop this module once it imports `products.vlan_ranges`."""

from products.vlan_ranges import InvalidVlanRange, format_vlan_ranges, parse_vlan_ranges, to_ranges

__all__ = ["InvalidVlanRange", "format_vlan_ranges", "parse_vlan_ranges", "to_ranges"]
