"""The federation's pages: its members and figures (views/network.py), and a cooperative's networks (views/membership.py)."""
