"""ctc: written in a later step."""

UNSUPPORTED = {}
