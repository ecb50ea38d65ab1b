def broken(model):
    """Fails on purpose."""
    return 1 / 0
