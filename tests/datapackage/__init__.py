"""Tests of the open data package: export, import, and the other export formats."""
