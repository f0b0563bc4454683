"""What pages show, shaped from the readings: words, numbers and charts ready for a template."""
