"""Pages of the choosing app: the catalogue, the assistant and the quality check."""
