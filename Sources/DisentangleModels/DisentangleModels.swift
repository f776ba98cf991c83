// DisentangleModels: arrives with its issue.
