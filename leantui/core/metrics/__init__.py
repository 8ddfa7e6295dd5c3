"""Flow metrics from the event history (flow.py: plain functions; read.py: the one
streamed read; report.py: a scope and period's report; exports.py: the metric tables),
and each module's figures for a report (modules.py)."""
