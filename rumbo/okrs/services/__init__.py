"""Writes to OKR data: each validates everything first and saves inside one transaction."""
