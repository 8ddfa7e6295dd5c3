"""Kanban boards: the team's flow and its action register."""
