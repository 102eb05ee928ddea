"""HTML input: saved pages, read through their embedded JSON first and their visible cards
second, which cross-check each other.
"""
