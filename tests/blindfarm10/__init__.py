"""Blind content-farm generator: an English doorway-page site ({Service} in {Town}, {ST})."""
