"""Test data builders, a module per area, named for the situation they set up."""
