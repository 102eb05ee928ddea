"""Source stage: bytes, text or a path in; one decoded document and its input format out.

Also opens what holds documents: web archives (MHTML, Safari), gzip bodies, and for
batches, folders, zip and tar archives and web crawls.
"""
