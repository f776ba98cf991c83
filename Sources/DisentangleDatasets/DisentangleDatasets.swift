// DisentangleDatasets: arrives with its issue.
