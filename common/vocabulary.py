"""Words the console shows that come from data, not from code: process and step statuses,
lifecycle states, kinds of history entries, workflow targets. The console translates them
when it shows them (`{% translate value %}`, `gettext(value)`); they are declared here so
that `makemessages` finds them and keeps their translations in locale/*/django.po."""

from django.utils.translation import gettext_noop

PROCESS_STATUSES = [
    gettext_noop("created"), gettext_noop("running"), gettext_noop("suspended"), gettext_noop("waiting"),
    gettext_noop("awaiting_callback"), gettext_noop("aborted"), gettext_noop("failed"),
    gettext_noop("api_unavailable"), gettext_noop("inconsistent_data"), gettext_noop("completed"),
    gettext_noop("resumed"),
]  # fmt: skip
STEP_STATUSES = [
    gettext_noop("success"), gettext_noop("skipped"), gettext_noop("suspend"), gettext_noop("abort"),
    gettext_noop("complete"),
]  # fmt: skip
LIFECYCLE_STATES = [
    gettext_noop("initial"), gettext_noop("provisioning"), gettext_noop("active"), gettext_noop("disabled"),
    gettext_noop("migrating"), gettext_noop("terminated"),
]  # fmt: skip
HISTORY_KINDS = [gettext_noop("created"), gettext_noop("changed"), gettext_noop("deleted")]
# The catalogue's block fields (labels from their names, help texts) and form words.
BLOCK_FIELD_LABELS = [
    gettext_noop("Ims id"), gettext_noop("Nrm id"), gettext_noop("Description"), gettext_noop("Auto negotiation"),
    gettext_noop("Enabled"), gettext_noop("Ipv4 ipam id"), gettext_noop("Ipv6 ipam id"),
    gettext_noop("Ipv6 prefix ipam id"), gettext_noop("Lldp"), gettext_noop("Node"), gettext_noop("Node description"),
    gettext_noop("Node name"), gettext_noop("Node status"), gettext_noop("Port"), gettext_noop("Port description"),
    gettext_noop("Port mode"), gettext_noop("Port name"), gettext_noop("Port type"), gettext_noop("Role id"),
    gettext_noop("Site id"), gettext_noop("Speed"), gettext_noop("Speed policer"), gettext_noop("Type id"),
    gettext_noop("Under maintenance"), gettext_noop("Vlan"), gettext_noop("Insync"),
]  # fmt: skip
BLOCK_HELP_TEXTS = [
    gettext_noop("Mbit/s"), gettext_noop("NetBox L2VPN id"), gettext_noop("NetBox VLAN group id"),
    gettext_noop("NetBox cable id"), gettext_noop("NetBox device id"), gettext_noop("NetBox device role id"),
    gettext_noop("NetBox device type id"), gettext_noop("NetBox id of the /127 prefix"),
    gettext_noop("NetBox id of the IPv4 loopback address"), gettext_noop("NetBox id of the IPv6 loopback address"),
    gettext_noop("NetBox id of this side's address"), gettext_noop("NetBox interface id"),
    gettext_noop("NetBox interface type"), gettext_noop("NetBox site id"), gettext_noop("VLAN range set, e.g. 4,10-14"),
]  # fmt: skip
FORM_WORDS = [
    gettext_noop("Summary"), gettext_noop("Field"), gettext_noop("Value"), gettext_noop("Before"), gettext_noop("After"),
    gettext_noop("Product"), gettext_noop("Customer"), gettext_noop("What to order"), gettext_noop("Device type"),
    gettext_noop("Device role"), gettext_noop("Site"), gettext_noop("Active sites in NetBox"), gettext_noop("Nodes"),
    gettext_noop("Node A"), gettext_noop("Node B"), gettext_noop("Ports"), gettext_noop("Port on node A"),
    gettext_noop("Port on node B"), gettext_noop("Active nodes"), gettext_noop("Add interfaces"),
    gettext_noop("Auto add interfaces"), gettext_noop("Add the discovered interfaces at once"), gettext_noop("Name"),
    gettext_noop("Status"), gettext_noop("Mode"), gettext_noop("Number of ports"), gettext_noop("Service access points"),
    gettext_noop("VLANs"), gettext_noop("Terminate"), gettext_noop("Confirm"), gettext_noop("Tick to confirm the termination"),
    gettext_noop("Subscription"), gettext_noop("Version"), gettext_noop("Node name"),
]  # fmt: skip
