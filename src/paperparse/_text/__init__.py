"""Text input: renderings of a page (plain copies, markdown, reader and text-browser dumps)
undone to plain lines, classified, assembled into cards and read as papers.
"""
