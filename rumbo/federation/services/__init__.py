"""The federation's writes: membership, consent per KPI, contributions and the published figures."""
