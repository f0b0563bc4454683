"""The signal that a cooperative's own units changed, so the apps above orgs react without orgs importing them.

The units' services send `local_units_changed` inside their transaction after a unit is added,
changed or removed; the federation app listens (connected in its AppConfig.ready) and sends the
cooperative's shared KPIs again, converted with the units as they are now, and publishes its
network's figures anew when the cooperative is a federation.
"""

from django.dispatch import Signal

local_units_changed = Signal()  # keyword argument: cooperative_id
