"""Text facts shared by every room: quotation marks, name text, the per-Doc cache, language."""
