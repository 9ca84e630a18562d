"""Text analysis and reporting for collective-impact forums.

Plain Python: no Flask, no SQLAlchemy. Functions take the plain records of
``analysis.records`` and return plain results.
"""
