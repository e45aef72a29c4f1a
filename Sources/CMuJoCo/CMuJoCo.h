/*
 * CMuJoCo: the MuJoCo physics library (Debian's libmujoco-dev, MuJoCo 2.2.2 or later) for Swift.
 *
 * Debian ships no pkg-config file for MuJoCo, so the module map links `mujoco` by name and this
 * header includes <mujoco/mujoco.h> from the default include path (/usr/include/mujoco). Only
 * Environments/Simulation.swift imports this module. It provides no stable Swift API.
 */
#ifndef CMUJOCO_H
#define CMUJOCO_H

#include <mujoco/mujoco.h>

#endif
