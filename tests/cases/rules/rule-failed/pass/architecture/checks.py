def fine(model):
    """Never finds anything."""
    return []
