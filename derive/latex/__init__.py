"""LaTeX output: the expression printer, text escaping and the documents."""
