"""A federation's network figures: units that compare across cooperatives, and figures that expose no member."""
