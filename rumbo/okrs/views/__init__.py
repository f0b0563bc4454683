"""Pages of the OKR app, by topic."""
