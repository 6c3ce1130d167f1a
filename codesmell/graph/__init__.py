"""Module graph, call graph and Louvain communities (`codesmell graph`)."""
