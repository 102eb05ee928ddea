"""Many pages at once: parsing in order across processes, merging snapshots into one record
per paper, writing exports, and the inspect report.
"""
