#!/usr/bin/env bash
# Stops the test cluster that start-cluster.sh started (its daemons, by their pid files).
set -uo pipefail
state=/var/lib/disentangle-slurm
for daemon in slurmd slurmctld; do
    if [ -s "$state/$daemon.pid" ]; then kill "$(cat "$state/$daemon.pid")" 2>/dev/null || true; fi
done
echo "slurm: stopped"
