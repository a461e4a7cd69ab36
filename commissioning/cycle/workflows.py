"""The commissioning cycle's workflows on the one workflow primitive (audit/workflow.py)."""
