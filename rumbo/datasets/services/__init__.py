"""Writes to datasets and computed metrics: each validates first and saves inside one transaction."""
