"""The commissioning cycle's reads, one module per noun (needs, intentions, projects)."""
