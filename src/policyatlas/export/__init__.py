"""Exports: the atlas as a Frictionless data package, JSON Lines, and Popolo JSON."""
