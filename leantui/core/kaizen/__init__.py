"""Kaizen suggestions: an idea captured in seconds, reviewed, adopted or rejected with a
reason, implemented with its savings, followed up on a board; and per team and month,
whether people's ideas are heard (adoption rate, participation)."""
