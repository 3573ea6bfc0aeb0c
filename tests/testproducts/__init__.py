"""Test products shaped like the real catalogue (a node-like router, a port-like interface
that depends on it, a VLAN service with a list of 2..8 endpoints on interfaces of other
subscriptions), but not the NREN catalogue. Installed only by tests/settings.py."""
