"""The documentation site: Markdown pages made from the model, independent of MkDocs (pages.py), and a
thin MkDocs plugin that adds them at build time (plugin.py)."""
