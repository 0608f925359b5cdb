"""Tests of the application: the command, the pipeline, the report, the audit, the notebook helpers."""
