"""Blueprints, one per area. Views read forms, call hub.queries and render templates."""
