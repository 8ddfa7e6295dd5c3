"""5S / 6S audits: templates, scoring audits of an area from the keyboard, corrective
actions on the team's board, and the red-tag log."""
