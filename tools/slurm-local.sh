#!/bin/sh
# tools/slurm-local.sh — a real one-node Slurm cluster on this machine, for CI tests.
#
# Usage:  tools/slurm-local.sh start|stop|status
#
#   start   Installs Debian 12's slurm-wlm (= slurmctld + slurmd + slurm-client)
#           and munge if a command is missing, writes a munge key and a
#           slurm.conf into the state directory, starts munged, slurmctld and
#           slurmd there and waits until the node is idle.  Progress goes to
#           stderr; stdout gets only the client environment, so a caller can do
#               eval "$(tools/slurm-local.sh start)"
#           If the daemons already run, it says so and succeeds.  If it fails,
#           it stops the daemons it had started and exits 1.
#   stop    Cancels the cluster's jobs, stops the daemons (by the pids in the
#           pid files, checked against the state directory) and waits for them
#           to exit.  Safe to call twice.  The state directory is kept.
#   status  Says which daemons run and prints sinfo.  Exit 0 when all three
#           run, 3 otherwise.
#
# Environment:
#   SLURM_LOCAL_DIR      state directory, absolute (default /tmp/slurm-local)
#   SLURM_LOCAL_TIMEOUT  seconds to wait for each daemon (default 60)
#   SLURM_LOCAL_PORT     slurmctld port; slurmd uses PORT+1 (default 6817);
#                        a second cluster on the machine needs other ports
#   SLURM_LOCAL_CPUS     declare this many CPUs instead of the real count, to
#                        run more tasks at once than there are cores
#
# How it works, without systemd: munged runs as user munge with its own key
# and socket in the state directory; slurmctld and slurmd run as root with
# `-f slurm.conf`, and slurm.conf's AuthInfo=socket=... points them (and the
# client commands) at that munged.  Clients find the cluster through
# SLURM_CONF.  Nothing outside the state directory is written except the
# Debian packages.  There is no accounting daemon, so `sacct` only prints
# "Slurm accounting storage is disabled" (exit 1); finished jobs stay visible
# in squeue -t all / scontrol for MinJobAge (300 s) and are appended to
# jobcomp.txt in the state directory.
set -eu

PROG=slurm-local
DIR=${SLURM_LOCAL_DIR:-/tmp/slurm-local}
TIMEOUT=${SLURM_LOCAL_TIMEOUT:-60}
PORT=${SLURM_LOCAL_PORT:-6817}
CPUS=${SLURM_LOCAL_CPUS:-}
PATH=$PATH:/usr/sbin:/sbin
export PATH

# Files in the state directory.
CONF=$DIR/slurm.conf
MUNGE_DIR=$DIR/munge             # owned by munge: key, socket, pid, log, seed
MUNGE_KEY=$MUNGE_DIR/munge.key
MUNGE_SOCKET=$MUNGE_DIR/munge.socket.2
MUNGED_PID=$MUNGE_DIR/munged.pid
MUNGED_LOG=$MUNGE_DIR/munged.log
SLURMCTLD_PID=$DIR/slurmctld.pid
SLURMCTLD_LOG=$DIR/slurmctld.log
SLURMD_PID=$DIR/slurmd.pid
SLURMD_LOG=$DIR/slurmd.log

# The client commands in this script talk to this cluster only.
SLURM_CONF=$CONF
export SLURM_CONF

say() { echo "$PROG: $*" >&2; }
die() { echo "$PROG: $*" >&2; exit 1; }

case $DIR in
    /*) ;;
    *) die "SLURM_LOCAL_DIR must be an absolute path, not '$DIR'" ;;
esac
# A unix socket path holds at most 107 bytes.
[ "${#MUNGE_SOCKET}" -le 100 ] || die "SLURM_LOCAL_DIR is too long for munge's socket path"

# ---------------------------------------------------------------- processes

# running PID: true if PID exists and is not a zombie.
running() {
    [ -r "/proc/$1/stat" ] || return 1
    case $(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null) in
        Z*|X*|'') return 1 ;;
    esac
    return 0
}

# pid_of NAME PIDFILE: print the pid in PIDFILE if that process runs, is
# NAME, and was started for this state directory (its command line names
# $DIR); print nothing otherwise.  So a reused pid or another cluster's
# daemon is never signalled.
pid_of() {
    [ -r "$2" ] || return 0
    _pid=$(tr -cd '0-9' < "$2")
    [ -n "$_pid" ] && running "$_pid" || return 0
    case $(cat "/proc/$_pid/comm" 2>/dev/null) in
        "$1"*) ;;
        *) return 0 ;;
    esac
    tr '\0' ' ' < "/proc/$_pid/cmdline" 2>/dev/null | grep -qF -- "$DIR/" || return 0
    echo "$_pid"
}

# wait_gone PID SECONDS: wait until PID has exited; false after SECONDS.
wait_gone() {
    _n=0
    while running "$1"; do
        [ "$_n" -ge "$(($2 * 5))" ] && return 1
        sleep 0.2
        _n=$((_n + 1))
    done
}

# stop_daemons "NAME PIDFILE"...: SIGTERM to those that run, then wait for
# all of them (they save their state and exit within a second); SIGKILL after 30 s.
# Sets STOPPED_ANY=1 if it stopped something.
STOPPED_ANY=
stop_daemons() {
    _pids=
    for _d in "$@"; do
        # shellcheck disable=SC2086
        set -- $_d
        _pid=$(pid_of "$1" "$2")
        if [ -n "$_pid" ]; then
            kill -TERM "$_pid" 2>/dev/null || true
            _pids="$_pids $1:$_pid:$2"
        else
            rm -f "$2"            # stale or absent
        fi
    done
    for _p in $_pids; do
        _name=${_p%%:*} _rest=${_p#*:}
        _pid=${_rest%%:*} _pidf=${_rest#*:}
        if ! wait_gone "$_pid" 30; then
            say "$_name ($_pid) ignored SIGTERM for 30 s; sending SIGKILL"
            kill -KILL "$_pid" 2>/dev/null || true
            wait_gone "$_pid" 10 || die "$_name ($_pid) did not exit"
        fi
        rm -f "$_pidf"
        say "stopped $_name ($_pid)"
        STOPPED_ANY=1
    done
}

# ---------------------------------------------------------------- start

# Daemons this `start` has started, stopped again if it fails.
STARTED=

# fail MESSAGE [LOG]: the one-line error, the end of LOG, then stop what this
# start had started.
fail() {
    echo "$PROG: $1" >&2
    if [ -n "${2:-}" ] && [ -r "$2" ]; then
        tail -n 12 "$2" | grep -v 'pmix\|MPI: Cannot create context' | sed 's/^/    | /' >&2 || true
    fi
    if [ -n "$STARTED" ]; then
        say "stopping what this start started:$STARTED"
        for _s in slurmd slurmctld munged; do
            case " $STARTED " in
                *" $_s "*)
                    case $_s in
                        munged) stop_daemons "munged $MUNGED_PID" ;;
                        slurmctld) stop_daemons "slurmctld $SLURMCTLD_PID" ;;
                        slurmd) stop_daemons "slurmd $SLURMD_PID" ;;
                    esac ;;
            esac
        done
    fi
    exit 1
}

need_root() {
    [ "$(id -u)" = 0 ] && return 0
    command -v sudo >/dev/null 2>&1 || die "must run as root (sudo is not installed)"
    exec sudo SLURM_LOCAL_DIR="$DIR" SLURM_LOCAL_TIMEOUT="$TIMEOUT" \
        SLURM_LOCAL_PORT="$PORT" SLURM_LOCAL_CPUS="$CPUS" sh "$0" "$@"
}

# Debian 12: slurm-wlm is a metapackage for slurmctld (package slurmctld),
# slurmd (slurmd) and slurm-client (sbatch, squeue, sacct, scancel, scontrol,
# sinfo, srun); munge gives munged, mungekey, munge and unmunge.
install_packages() {
    _missing=
    for _c in slurmctld slurmd sbatch squeue sacct scancel scontrol sinfo \
              munged mungekey munge unmunge runuser setsid; do
        command -v "$_c" >/dev/null 2>&1 || _missing="$_missing $_c"
    done
    [ -z "$_missing" ] && return 0
    say "installing slurm-wlm and munge (missing:$_missing)"
    mkdir -p "$DIR"
    if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
           DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
               --no-install-recommends slurm-wlm munge; } >"$DIR/apt.log" 2>&1; then
        fail "apt-get install slurm-wlm munge failed; see $DIR/apt.log" "$DIR/apt.log"
    fi
    for _c in $_missing; do
        command -v "$_c" >/dev/null 2>&1 ||
            die "'$_c' is still missing after installing slurm-wlm and munge"
    done
}

# munged's directory and key; the key is generated once and kept.
write_munge_files() {
    mkdir -p "$MUNGE_DIR"
    chown munge:munge "$MUNGE_DIR"
    chmod 0755 "$MUNGE_DIR"       # clients must reach the socket; the key is 0400
    if [ ! -s "$MUNGE_KEY" ]; then
        rm -f "$MUNGE_KEY"
        mungekey --create --keyfile="$MUNGE_KEY"
    fi
    chown munge:munge "$MUNGE_KEY"
    chmod 0400 "$MUNGE_KEY"
}

write_slurm_conf() {
    _host=$(hostname -s)
    # First line of `slurmd -C`: NodeName=<host> CPUs=... RealMemory=...
    _node=$(slurmd -C | sed -n '1{/^NodeName=/p}')
    [ -n "$_node" ] || die "slurmd -C printed no NodeName line"
    _override=
    if [ -n "$CPUS" ]; then
        _mem=$(echo "$_node" | sed -n 's/.*\(RealMemory=[0-9]*\).*/\1/p')
        _node="NodeName=$_host CPUs=$CPUS $_mem"
        _override="SlurmdParameters=config_overrides"
    fi
    mkdir -p "$DIR/state" "$DIR/spool"
    : > "$DIR/plugstack.conf"     # no SPANK plugins; keeps /etc/slurm out of it
    cat > "$CONF.tmp" <<EOF
# Written by tools/slurm-local.sh start; rewritten on each fresh start.
ClusterName=slurmlocal
SlurmctldHost=$_host(127.0.0.1)
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
# The munged of this state directory.  cred_expire is also how long a
# requeued job waits before it may start again (Slurm's default: 120 s).
AuthInfo=socket=$MUNGE_SOCKET,cred_expire=10
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$SLURMCTLD_PID
SlurmdPidFile=$SLURMD_PID
SlurmctldLogFile=$SLURMCTLD_LOG
SlurmdLogFile=$SLURMD_LOG
SlurmctldDebug=info
SlurmdDebug=info
PlugStackConfig=$DIR/plugstack.conf
MailProg=/bin/true
# No cgroups, no systemd.
ProctrackType=proctrack/pgid
TaskPlugin=task/none
MpiDefault=none
# No accounting daemon; finished jobs are appended to a text file.
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$DIR/jobcomp.txt
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
# Reject jobs that could never run here, instead of queueing them forever.
EnforcePartLimits=ALL
ReturnToService=2
# Small, so that time-limit tests are quick.
KillWait=10
InactiveLimit=0
MinJobAge=300
$_override
$_node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=$_host Default=YES MaxTime=INFINITE State=UP
EOF
    mv "$CONF.tmp" "$CONF"
    chmod 0644 "$CONF"
}

# without_inherited_fds COMMAND ARGS...: runs COMMAND with only stdin, stdout
# and stderr open.  A daemon must not keep a descriptor it inherited from
# whoever ran this script: a caller that waits for the end of its child's
# output, or for a socket only its child holds (Foundation's Process does),
# would wait for as long as the daemon lives.  sh cannot close descriptors
# above 9, so perl (Debian's perl-base is essential) does it before exec.
# It execs, so call it only in a subshell (`$(…)` or `… &`): the subshell
# itself becomes the daemon and keeps nothing open either.
without_inherited_fds() {
    exec perl -e 'use POSIX (); POSIX::close($_) for 3 .. 65535; exec { $ARGV[0] } @ARGV or die "exec $ARGV[0]: $!\n"' -- "$@"
}

start_munged() {
    rm -f "$MUNGE_SOCKET" "$MUNGE_SOCKET.lock" "$MUNGED_PID"
    # munged forks, and its parent exits non-zero if the daemon failed to
    # come up; start-up errors go to stderr (the log must be munge's own).
    if ! _err=$(without_inherited_fds runuser -u munge -- munged --socket="$MUNGE_SOCKET" \
            --key-file="$MUNGE_KEY" --pid-file="$MUNGED_PID" \
            --log-file="$MUNGED_LOG" --seed-file="$MUNGE_DIR/munged.seed" 2>&1); then
        fail "munged failed to start: $(echo "$_err" | tail -n 1)"
    fi
    STARTED="$STARTED munged"
    _n=0
    until munge -n -S "$MUNGE_SOCKET" 2>/dev/null | unmunge -S "$MUNGE_SOCKET" >/dev/null 2>&1; do
        [ "$_n" -ge "$((TIMEOUT * 5))" ] &&
            fail "munged did not answer within $TIMEOUT s; see $MUNGED_LOG" "$MUNGED_LOG"
        sleep 0.2
        _n=$((_n + 1))
    done
}

# start_slurm_daemon NAME PIDFILE LOG ARGS...: start slurmctld or slurmd and
# wait for its pid file.  -D keeps it in the foreground, so a daemon that
# dies at start (a port in use, a bad slurm.conf) is noticed at once;
# setsid detaches it from this script's session.  With -D it copies its
# log to stderr, which goes to NAME.out: that also has the errors from
# before it opens LOG.
start_slurm_daemon() {
    _name=$1 _pidf=$2 _log=$3
    shift 3
    _out=$DIR/$_name.out
    rm -f "$_pidf"
    without_inherited_fds setsid "$_name" -D -f "$CONF" "$@" </dev/null >/dev/null 2>"$_out" &
    _bg=$!
    STARTED="$STARTED $_name"
    _n=0
    until [ -n "$(pid_of "$_name" "$_pidf")" ]; do
        if ! running "$_bg"; then
            _why='' _port=$(sed -n 's/^SlurmctldPort=//p' "$CONF")
            grep -q 'Address already in use' "$_out" 2>/dev/null &&
                _why=" (port $_port or $((_port + 1)) is in use: set SLURM_LOCAL_PORT)"
            fail "$_name exited at start$_why; see $_out" "$_out"
        fi
        [ "$_n" -ge "$((TIMEOUT * 5))" ] &&
            fail "$_name did not start within $TIMEOUT s; see $_log" "$_out"
        sleep 0.2
        _n=$((_n + 1))
    done
}

# wait_ready [SINCE]: wait until slurmctld answers and the node is usable.
# With SINCE (local time, 2024-01-31T12:00:00), also wait until a slurmd
# started at or after SINCE has registered: a restarted slurmctld shows the
# node's saved state (often idle) before slurmd has reported.
wait_ready() {
    _host=$(hostname -s)
    _since=${1:-}
    _n=0 _state=
    while :; do
        if scontrol ping 2>/dev/null | grep -q 'is UP'; then
            _state=$(sinfo -h -N -n "$_host" -o '%T' 2>/dev/null | head -n 1)
            _reg=$(scontrol show node "$_host" 2>/dev/null |
                   sed -n 's/.*SlurmdStartTime=\([0-9T:-]*\).*/\1/p')
            case $_state in
                idle|mixed|allocated|completing)
                    # ISO times compare as strings.
                    if [ -z "$_since" ] || { [ -n "$_reg" ] &&
                           [ "$(printf '%s\n%s\n' "$_since" "$_reg" | sort | head -n 1)" = "$_since" ]; }; then
                        return 0
                    fi ;;
            esac
        fi
        [ -n "$(pid_of slurmctld "$SLURMCTLD_PID")" ] ||
            fail "slurmctld exited; see $SLURMCTLD_LOG" "$DIR/slurmctld.out"
        [ -n "$(pid_of slurmd "$SLURMD_PID")" ] ||
            fail "slurmd exited; see $SLURMD_LOG" "$DIR/slurmd.out"
        [ "$_n" -ge "$TIMEOUT" ] &&
            fail "slurmd did not register within $TIMEOUT s (node state '${_state:-unknown}'); see $SLURMD_LOG" "$SLURMD_LOG"
        sleep 1
        _n=$((_n + 1))
    done
}

cmd_start() {
    need_root start
    install_packages
    mkdir -p "$DIR"
    chmod 0755 "$DIR"
    _m=$(pid_of munged "$MUNGED_PID")
    _c=$(pid_of slurmctld "$SLURMCTLD_PID")
    _d=$(pid_of slurmd "$SLURMD_PID")
    _since=
    if [ -n "$_m" ] && [ -n "$_c" ] && [ -n "$_d" ]; then
        say "already running (munged $_m, slurmctld $_c, slurmd $_d) in $DIR"
    else
        # A running munged keeps its key; running slurm daemons keep their
        # slurm.conf.  Otherwise both are written afresh.
        [ -n "$_m" ] || write_munge_files
        [ -n "$_c$_d" ] || write_slurm_conf
        _msg=
        if [ -z "$_m" ]; then
            start_munged
            _msg="$_msg munged $(pid_of munged "$MUNGED_PID"),"
        fi
        if [ -z "$_c" ]; then
            start_slurm_daemon slurmctld "$SLURMCTLD_PID" "$SLURMCTLD_LOG"
            _msg="$_msg slurmctld $(pid_of slurmctld "$SLURMCTLD_PID"),"
        fi
        if [ -z "$_d" ]; then
            _since=$(date +%Y-%m-%dT%H:%M:%S)
            start_slurm_daemon slurmd "$SLURMD_PID" "$SLURMD_LOG" -N "$(hostname -s)"
            _msg="$_msg slurmd $(pid_of slurmd "$SLURMD_PID"),"
        fi
        say "started${_msg%,} in $DIR"
    fi
    wait_ready "$_since"
    say "node $(hostname -s) is $(sinfo -h -N -o '%T' | head -n 1); partition debug"
    echo "export SLURM_CONF=$CONF"
}

# ---------------------------------------------------------------- stop

# Cancel every job so that no slurmstepd or job process outlives slurmd,
# and wait (bounded) until none runs or is completing.
cancel_jobs() {
    _jobs=$(squeue -h -o '%A' 2>/dev/null) || return 0
    [ -n "$_jobs" ] || return 0
    # shellcheck disable=SC2086
    say "cancelling jobs:" $_jobs
    # shellcheck disable=SC2086
    scancel $_jobs 2>/dev/null || true
    _n=0
    while [ -n "$(squeue -h -t running,completing,suspended -o '%A' 2>/dev/null)" ]; do
        [ "$_n" -ge 30 ] && { say "jobs still running after 30 s; stopping anyway"; return 0; }
        sleep 1
        _n=$((_n + 1))
    done
}

cmd_stop() {
    need_root stop
    if [ -n "$(pid_of slurmctld "$SLURMCTLD_PID")" ] && [ -n "$(pid_of slurmd "$SLURMD_PID")" ]; then
        cancel_jobs
    fi
    # slurmd and slurmctld together, then munged, which they use to the end.
    stop_daemons "slurmd $SLURMD_PID" "slurmctld $SLURMCTLD_PID"
    stop_daemons "munged $MUNGED_PID"
    [ -n "$STOPPED_ANY" ] || say "not running (nothing to stop in $DIR)"
}

# ---------------------------------------------------------------- status

cmd_status() {
    _rc=0
    for _d in "munged $MUNGED_PID" "slurmctld $SLURMCTLD_PID" "slurmd $SLURMD_PID"; do
        # shellcheck disable=SC2086
        set -- $_d
        _pid=$(pid_of "$1" "$2")
        if [ -n "$_pid" ]; then
            echo "$1: running (pid $_pid)"
        else
            echo "$1: not running"
            _rc=3
        fi
    done
    if [ -n "$(pid_of slurmctld "$SLURMCTLD_PID")" ]; then
        sinfo || true
    fi
    [ "$_rc" = 0 ] && echo "export SLURM_CONF=$CONF"
    return "$_rc"
}

case ${1:-} in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
