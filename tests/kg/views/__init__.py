"""Tests of the views: specs, HTML pages, plots, and the pages in Chromium."""
