"""The reports screen: flow metrics of a board or a team over a period, drawn with Rich
text (charts.py), and each module's figures."""
