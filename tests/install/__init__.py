"""Installing kerasbridge as users do: a fresh virtualenv, pip, the extras of pyproject.toml."""
