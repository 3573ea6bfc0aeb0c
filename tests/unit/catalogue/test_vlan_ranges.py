import pytest

from products.vlan_ranges import InvalidVlanRange, format_vlan_ranges, parse_vlan_ranges, to_ranges


@pytest.mark.parametrize(
    ("text", "vlans"),
    [
        ("4", [4]),
        ("4,10-14", [4, 10, 11, 12, 13, 14]),
        (" 10-12 , 11,2 ", [2, 10, 11, 12]),
        ("2-2,4094", [2, 4094]),
    ],
)
def test_range_sets_parse_sorted_and_unique(text, vlans):
    assert parse_vlan_ranges(text) == vlans


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1", "VLAN 1 is not allowed: each VLAN must be 2..4094"),
        ("4095", "VLAN 4095 is not allowed: each VLAN must be 2..4094"),
        ("0-3", "VLAN 0 is not allowed"),
        ("12-10", "'12-10': a range goes from low to high, e.g. 10-12"),
        ("ten", "'ten' is not a VLAN or a range of VLANs; write them like 4,10-14"),
        ("4,,5", "'' is not a VLAN"),
        ("", "Enter VLANs as a range set such as 4,10-14 (each 2..4094)"),
    ],
)
def test_bad_range_sets_say_what_is_wrong(text, message):
    with pytest.raises(InvalidVlanRange) as error:
        parse_vlan_ranges(text)
    assert message in str(error.value)


def test_netbox_ranges_and_canonical_text():
    assert to_ranges([4, 10, 11, 12, 20]) == [[4, 4], [10, 12], [20, 20]]
    assert format_vlan_ranges(parse_vlan_ranges("12,10-11,4")) == "4,10-12"
