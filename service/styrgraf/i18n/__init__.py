"""Languages: the interface words and messages in Swedish and English, and the rule that picks
the language of an answer."""
