"""The federation's routes: a remote member's push, the federation's members and keys, a member's consent, statistics."""

from rumbo.api.federation import figures, membership, network, push

__all__ = ["figures", "membership", "network", "push"]
