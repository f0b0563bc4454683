"""Choosing the KPIs that matter: the catalogue, the «Elegir mis KPI» assistant and the «¿Es un buen KPI?» check."""
