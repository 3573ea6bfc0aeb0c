"""VLAN range sets as users write them (`4,10-14`) and as NetBox's vid_ranges hold them."""

from __future__ import annotations

VLAN_MIN, VLAN_MAX = 2, 4094  # 1 is the default VLAN, 0 and 4095 are reserved by 802.1Q


class InvalidVlanRange(ValueError):
    pass


def parse_vlan_ranges(text: str) -> list[int]:
    """`4,10-14` → [4, 10, 11, 12, 13, 14] (sorted, unique); each VLAN must be 2..4094.

    Raises InvalidVlanRange saying which part is wrong and what is allowed."""
    vlans: set[int] = set()
    parts = [part.strip() for part in str(text).split(",")]
    if not any(parts):
        raise InvalidVlanRange(f"Enter VLANs as a range set such as 4,10-14 (each {VLAN_MIN}..{VLAN_MAX})")
    for part in parts:
        low_text, _, high_text = part.partition("-")
        try:
            low = int(low_text)
            high = int(high_text) if high_text else low
        except ValueError:
            raise InvalidVlanRange(
                f"{part!r} is not a VLAN or a range of VLANs; write them like 4,10-14"
            ) from None
        if low > high:
            raise InvalidVlanRange(f"{part!r}: a range goes from low to high, e.g. {high}-{low}")
        for vid in (low, high):
            if not VLAN_MIN <= vid <= VLAN_MAX:
                raise InvalidVlanRange(f"VLAN {vid} is not allowed: each VLAN must be {VLAN_MIN}..{VLAN_MAX}")
        vlans.update(range(low, high + 1))
    return sorted(vlans)


def to_ranges(vlans: list[int]) -> list[list[int]]:
    """[4, 10, 11, 12] → [[4, 4], [10, 12]]: NetBox's vid_ranges."""
    ranges: list[list[int]] = []
    for vid in sorted(set(vlans)):
        if ranges and vid == ranges[-1][1] + 1:
            ranges[-1][1] = vid
        else:
            ranges.append([vid, vid])
    return ranges


def format_vlan_ranges(vlans: list[int]) -> str:
    """[4, 10, 11, 12] → `4,10-12`: the canonical way a SAP stores its VLANs."""
    return ",".join(str(low) if low == high else f"{low}-{high}" for low, high in to_ranges(vlans))
