"""`codesmell report`: one self-contained HTML file with the module graph and the long methods."""
