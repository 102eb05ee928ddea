"""Command-line stage: arguments, outputs, problem reports and progress for ``paperparse``."""
