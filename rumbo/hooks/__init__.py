"""Webhooks: a cooperative's other systems told when a value arrives, a KPI changes status or a check-in is due."""
