"""One repository per aggregate, mapping rows to domain entities and back."""
