"""The engine asked about rows: forecasts, lead checks, impact estimates and the fingerprints of their inputs; nothing is written here."""
