"""Tests of the network figures engine: units and disclosure control."""
