"""The test suite (README, Test)."""
