"""Pages for raw datasets and the metrics computed from them."""
