"""`codesmell lsp`: the language server (pygls at the edge, pure conversions in `views`)."""
