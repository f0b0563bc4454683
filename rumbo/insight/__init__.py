"""Insight from a KPI's own data: where it is heading, whether a leading KPI leads, whether an initiative moved it."""
