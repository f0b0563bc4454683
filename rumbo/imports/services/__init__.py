"""Writes of the imports app: value imports and exports."""
