"""The 5S/6S audit module's screens: the overview of every area (overview.py), an audit
walked item by item (audit.py), its result (result.py), the red-tag log (redtags.py) and
their forms (forms.py). Services are imported where first used."""
