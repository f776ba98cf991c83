#!/usr/bin/env bash
# Starts a one-node Slurm cluster on this machine (munged, slurmctld, slurmd) for the study tests, as root.
# Needs Debian's slurm-wlm and munge (.ci/run installs them). Idempotent: a running cluster is left alone.
# The configuration is Scripts/slurm/slurm.conf.in with this host's name and CPU count; state and logs go to
# /var/lib/disentangle-slurm. Stop it with Scripts/slurm/stop-cluster.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
state=/var/lib/disentangle-slurm
host="$(hostname -s)"
cpus="$(nproc)"

if scontrol ping 2>/dev/null | grep -q "UP" && sinfo -h -o %t 2>/dev/null | grep -qE "^(idle|mix|alloc)"; then
    echo "slurm: a cluster is already up"; exit 0
fi

mkdir -p "$state/slurmd" "$state/slurmctld" /etc/slurm /run/munge
sed -e "s/@HOST@/$host/g" -e "s/@CPUS@/$cpus/g" -e "s#@STATE@#$state#g" "$here/slurm.conf.in" > /etc/slurm/slurm.conf

# munge: a key readable only by the munge user, and its daemon.
if [ ! -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
fi
chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge 2>/dev/null || true
chmod 0700 /etc/munge; chmod 0400 /etc/munge/munge.key
if ! pgrep -x munged >/dev/null; then
    runuser -u munge -- /usr/sbin/munged
fi
for _ in $(seq 1 50); do munge -n </dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
munge -n </dev/null | unmunge >/dev/null

pgrep -x slurmctld >/dev/null || slurmctld
pgrep -x slurmd >/dev/null || slurmd
for _ in $(seq 1 100); do
    if sinfo -h -o %t 2>/dev/null | grep -qE "^(idle|mix|alloc)"; then
        echo "slurm: one-node cluster up on $host with $cpus CPUs (logs in $state)"
        exit 0
    fi
    sleep 0.3
done
echo "slurm: the node did not become idle; sinfo says:" >&2
sinfo -N -l >&2 || true
tail -n 20 "$state/slurmctld.log" "$state/slurmd.log" >&2 || true
exit 1
