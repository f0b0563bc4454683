"""Figures computed from data: datasets of raw records, their metrics, and formulas over other metrics."""
