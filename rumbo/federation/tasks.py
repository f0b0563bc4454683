"""The background push of a cooperative's shared KPIs to its federations on this install, queued after each change."""


def on_values_changed(sender, *, cooperative_id: int, **kwargs) -> None:
    """Queue the push of this cooperative's shared KPIs (filled in with the services)."""
