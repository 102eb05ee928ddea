"""JSON input: the Hub's paper objects, from API responses, JSON Lines and other tools'
saves, mapped to Papers (the HTML reader maps its embedded JSON here too).
"""
