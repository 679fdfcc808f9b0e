"""Indicator computation: the library, the aggregate queries, disaggregation and disclosure control."""
