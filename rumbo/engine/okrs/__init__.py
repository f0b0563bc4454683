"""Objectives and key results: scores, checks and the sentences they tell."""
