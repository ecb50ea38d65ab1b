"""Drawing views: DOT text from a view (dot.py), and SVG or PNG from DOT with Graphviz (graphviz.py)."""
