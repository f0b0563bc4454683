"""Choosing KPIs by the course's method: the catalogue, the proposals, the quality checks and the duplicates rule."""
