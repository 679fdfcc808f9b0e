"""Disclosure control for everything monitoring shows or releases: small-cell and complementary
suppression, differentially private counts with a budget ledger, k-anonymous person-level export."""
