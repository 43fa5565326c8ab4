#!/usr/bin/env bash
# A one-node Slurm cluster on this machine (localhost), for the real job-array test of `research submit`.
# Installs Debian's slurm-wlm and munge when missing (needs root), writes /etc/slurm/slurm.conf with
# this machine's cores and memory, starts munged, slurmctld and slurmd (no systemd needed), and checks
# the cluster with sinfo and srun. Running it again restarts nothing that already answers.
# Exits non-zero when Slurm cannot start here (no root, no package, a container without what slurmd
# needs); the test that uses it then skips and says why.
set -euo pipefail

log() { echo "setup-local.sh: $*"; }

if timeout 20 sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
  log "a Slurm cluster already answers:"; timeout 20 sinfo; exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  log "needs root to install and start Slurm" >&2; exit 1
fi
if ! command -v slurmctld >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  log "installing slurm-wlm and munge"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y slurm-wlm munge >/dev/null || { apt-get update >/dev/null && apt-get install -y slurm-wlm munge >/dev/null; }
fi

# munge: a key readable by the munge user only, and its socket folder.
mkdir -p /etc/munge /run/munge /var/lib/munge /var/log/munge
[ -s /etc/munge/munge.key ] || dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge
chmod 0700 /etc/munge; chmod 0400 /etc/munge/munge.key; chmod 0755 /run/munge
if ! munge -n >/dev/null 2>&1; then
  log "starting munged"
  runuser -u munge -- /usr/sbin/munged
  sleep 1
fi
munge -n | unmunge >/dev/null

cpus=$(nproc)
memory_mb=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
cat > /etc/slurm/slurm.conf <<CONF
# Written by tools/slurm/setup-local.sh: one node (this machine) as localhost.
ClusterName=local
SlurmctldHost=localhost
SlurmUser=root
SlurmctldPort=6817
SlurmdPort=6818
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
MpiDefault=none
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=300
KillWait=10
NodeName=localhost NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${memory_mb} State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
# No cgroup plugin is used (proctrack/linuxproc, task/none); slurmd of 22.05 still reads cgroup.conf.
rm -f /etc/slurm/cgroup.conf

if ! timeout 20 scontrol ping 2>/dev/null | grep -q 'is UP'; then
  log "starting slurmctld"
  slurmctld -i
fi
if ! pgrep -x slurmd >/dev/null 2>&1; then
  log "starting slurmd"
  slurmd -N localhost
fi

for _ in $(seq 1 30); do
  if timeout 20 sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then break; fi
  sleep 1
done
timeout 20 sinfo || true
if ! timeout 20 sinfo -h -o '%T' | grep -qE '^(idle|mixed|allocated)'; then
  log "the node did not come up; see /var/log/slurm/slurmctld.log and slurmd.log" >&2
  tail -n 20 /var/log/slurm/slurmd.log >&2 || true
  exit 1
fi
timeout 60 srun -N1 -n1 hostname
log "Slurm is up: ${cpus} CPUs, ${memory_mb} MB on localhost"
