"""rnn: written in a later step."""

UNSUPPORTED = {}
