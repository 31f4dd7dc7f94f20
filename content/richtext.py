"""Rich-text feature lists, named once and reused by every block and field."""

INLINE_FEATURES = ["bold", "italic", "link", "citation"]
FULL_FEATURES = ["bold", "italic", "link", "citation", "ol", "ul"]
