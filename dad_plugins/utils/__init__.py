"""Package-wide utilities."""
