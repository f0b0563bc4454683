"""Writes to KPI data: each validates everything first and saves inside one transaction."""
