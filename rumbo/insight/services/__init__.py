"""Writes of the insight app: the caches of forecasts and lead checks, the pairs and KPIs people choose."""
