"""Writes of the employment app, one module per concept."""
