"""Tests of the loopback OpenAlex and E-utilities stand-in."""
