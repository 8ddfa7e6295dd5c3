"""PDCA cycles: plan with the 5 Whys, do through kanban cards, check against measured
data, act (standardize, follow up or abandon), and a one-page A3 of it all."""
