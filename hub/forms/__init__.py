"""Forms as staff fill them in: reading, checking and German messages next to each field."""
