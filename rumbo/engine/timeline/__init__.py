"""Dates, periods and targets: when a figure belongs, and how far it is from where it should be."""
