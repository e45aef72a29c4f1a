#!/bin/sh
# Installs what building and testing this package needs on Debian/Ubuntu:
# libhdf5 (HDF5 files), zlib (inflating chunks), OpenBLAS (matrix products),
# MuJoCo (the evaluation simulator), pkg-config (how SwiftPM finds them),
# h5py + numpy for the fixture tools and the interoperability tests, and the
# real minari package (tools/requirements-minari-read.txt) for the Minari ones.
# Swift itself must already be installed.
#
# h5py and numpy come from pip at the versions pinned in tools/requirements.txt
# when pip may install into python3 (a virtualenv, pyenv, a user install); a
# distribution Python that refuses (PEP 668 "externally-managed-environment")
# or has no pip gets Debian's python3-h5py and python3-numpy instead, which the
# tests accept (regenerating the fixtures byte for byte needs the pinned ones).
# Safe to run again: installs only what is missing. Uses sudo when not root.
set -eu
cd "$(dirname "$0")/.."

# Installs the Debian packages among "$@" that are not installed yet.
apt_install() {
    missing=""
    for package in "$@"; do
        dpkg -s "$package" >/dev/null 2>&1 || missing="$missing $package"
    done
    [ -n "$missing" ] || return 0
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -qq -y --no-install-recommends $missing >/dev/null
}

# Whether python3 imports h5py and numpy.
has_h5py() {
    python3 -c "import h5py, numpy" 2>/dev/null
}

apt_install libhdf5-dev zlib1g-dev libopenblas-dev libmujoco-dev pkg-config hdf5-tools

if ! has_h5py; then
    if ! python3 -m pip install --quiet -r tools/requirements.txt 2>/dev/null; then
        echo "bootstrap: pip cannot install into python3 here; installing python3-h5py python3-numpy with apt" >&2
        apt_install python3-h5py python3-numpy
    fi
fi
has_h5py || { echo "bootstrap: python3 still cannot import h5py and numpy" >&2; exit 1; }

# minari comes only from pip. Without it the Minari interoperability tests are
# skipped, except in CI (CI=true), where they must run: a throwaway CI machine
# may install over a distribution Python.
has_minari() {
    python3 -c "import minari" 2>/dev/null
}
if ! has_minari; then
    python3 -m pip install --quiet -r tools/requirements-minari-read.txt 2>/dev/null \
        || { [ "${CI:-}" = true ] && python3 -m pip install --quiet --break-system-packages -r tools/requirements-minari-read.txt; } \
        || echo "bootstrap: pip cannot install minari into python3 here; the Minari interoperability tests are skipped" >&2
fi
