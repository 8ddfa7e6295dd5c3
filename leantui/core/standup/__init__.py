"""The daily stand-up: a timed walk over every module's exceptions that leaves a record,
the open escalations of a team, and its safety cross."""
