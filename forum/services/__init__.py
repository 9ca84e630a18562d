"""Each domain's writes, each inside one ``writing()`` block (forum.database), and reads that return plain rows."""
