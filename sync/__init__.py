"""Quartier-Kiosk."""
