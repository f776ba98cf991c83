// DisentanglePlots: arrives with its issue.
