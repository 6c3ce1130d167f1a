"""Git history: per-function series, churn and hotspots (issue 19)."""
