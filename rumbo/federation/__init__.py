"""Federations: organisations whose members are cooperatives, and the network statistics they publish."""
