"""The rules of the method, in plain Python: no Django import anywhere below this package."""
