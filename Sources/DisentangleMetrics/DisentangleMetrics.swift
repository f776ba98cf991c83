// DisentangleMetrics: arrives with its issue.
