"""The commissioning cycle's writes, one module per noun (needs, intentions, projects)."""
