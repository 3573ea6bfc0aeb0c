"""What each block looks like in NetBox: payload builders from a subscription, and the
read-back that compares NetBox with them (the validate workflows' diffs)."""
