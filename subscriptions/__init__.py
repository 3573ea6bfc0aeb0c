"""Customers, subscriptions, their lifecycle, product blocks and the relations between them.

Public API (import from the modules named):
- `subscriptions.models`: Customer, Subscription (transitions `to_<state>()`, `set_status`,
  `check_version`, `depends_on()`, `in_use_by()`)
- `subscriptions.blocks`: ProductBlock, BlockList, ParentBlockKey, RootBlock
- `subscriptions.tree`: load_subscription, save_subscription, missing_for_state
- `subscriptions.history`: history_context
- `subscriptions.gating`: gate_workflows and its value types
- `subscriptions.lifecycle`: SubscriptionLifecycle and the refusals
"""
