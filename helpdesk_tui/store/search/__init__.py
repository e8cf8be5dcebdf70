"""Search as you type on either engine: the parser, the index and its writers, the
word index of each engine, key lookups, ranking and the rows a result shows."""
