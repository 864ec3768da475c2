"""Tests for the console guard and the query sandbox."""
