"""Field stage: pure functions from the text a page shows to values: dates, counts, links."""
