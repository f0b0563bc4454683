"""Writes of the webhooks app: the admin's webhooks, the events announced as deliveries, each delivery's attempts."""
