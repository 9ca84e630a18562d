"""The only writes of captured and configured data, and reads that return plain rows."""
