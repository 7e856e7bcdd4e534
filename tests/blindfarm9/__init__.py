"""Blind content-farm generator: a Chinese naming-service site (surname / character / city slots)."""
