#!/bin/sh
# Installs what building and testing this package needs on Debian/Ubuntu:
# libhdf5 (HDF5 files), zlib (inflating chunks), OpenBLAS (matrix products),
# MuJoCo (the evaluation simulator), pkg-config (how SwiftPM finds them),
# and h5py + numpy for the fixture tools
# and the interoperability tests. Swift itself must already be installed.
# Safe to run again; uses sudo when not run as root.
set -eu
cd "$(dirname "$0")/.."

packages="libhdf5-dev zlib1g-dev libopenblas-dev libmujoco-dev pkg-config hdf5-tools"
missing=""
for package in $packages; do
    dpkg -s "$package" >/dev/null 2>&1 || missing="$missing $package"
done
if [ -n "$missing" ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends $missing
fi

python3 -c "import h5py, numpy" 2>/dev/null || python3 -m pip install --quiet -r tools/requirements.txt
