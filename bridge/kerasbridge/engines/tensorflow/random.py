"""random: written in a later step."""

UNSUPPORTED = {}
