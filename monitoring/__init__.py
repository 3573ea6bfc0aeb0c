"""Running nrenorch in production: Prometheus metrics, health and readiness, JSON logs."""
