"""Writes and file builders of the reports app: exports, the weekly digest."""
