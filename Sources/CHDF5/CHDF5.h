/*
 * CHDF5: libhdf5 for Swift.
 *
 * libhdf5 exposes its type, property-list and access constants as macros that
 * expand to `(H5open(), H5T_NATIVE_FLOAT_g)`-style comma expressions or casts,
 * which Swift cannot import. Each shim below is a static inline function named
 * after the C constant it returns; the HDF5 module bridges them to Swift once
 * (Internals/_Constants.swift). This header provides no stable Swift API.
 */
#ifndef CHDF5_H
#define CHDF5_H

#include <hdf5.h>

#define CHDF5_CONSTANT(type, name) \
    static inline type CHDF5_##name(void) { return name; }

/* Library initialisation and error printing. */
static inline herr_t CHDF5_H5open(void) { return H5open(); }
static inline herr_t CHDF5_silence_errors(void) { return H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }
CHDF5_CONSTANT(hid_t, H5E_DEFAULT)

/* Property lists. */
CHDF5_CONSTANT(hid_t, H5P_DEFAULT)
CHDF5_CONSTANT(hid_t, H5P_DATASET_CREATE)
CHDF5_CONSTANT(hid_t, H5P_FILE_ACCESS)
CHDF5_CONSTANT(hid_t, H5P_LINK_CREATE)

/* Dataspace selection. */
CHDF5_CONSTANT(hid_t, H5S_ALL)

/* File access flags. */
CHDF5_CONSTANT(unsigned, H5F_ACC_RDONLY)
CHDF5_CONSTANT(unsigned, H5F_ACC_RDWR)
CHDF5_CONSTANT(unsigned, H5F_ACC_TRUNC)
CHDF5_CONSTANT(unsigned, H5F_ACC_EXCL)

/* Native memory types. */
CHDF5_CONSTANT(hid_t, H5T_NATIVE_FLOAT)
CHDF5_CONSTANT(hid_t, H5T_NATIVE_DOUBLE)
CHDF5_CONSTANT(hid_t, H5T_NATIVE_INT8)
CHDF5_CONSTANT(hid_t, H5T_NATIVE_UINT8)
CHDF5_CONSTANT(hid_t, H5T_NATIVE_INT16)
CHDF5_CONSTANT(hid_t, H5T_NATIVE_UINT16)
CHDF5_CONSTANT(hid_t, H5T_NATIVE_INT32)
CHDF5_CONSTANT(hid_t, H5T_NATIVE_UINT32)
CHDF5_CONSTANT(hid_t, H5T_NATIVE_INT64)
CHDF5_CONSTANT(hid_t, H5T_NATIVE_UINT64)

/* Standard file types, as h5py writes them (little-endian). */
CHDF5_CONSTANT(hid_t, H5T_IEEE_F32LE)
CHDF5_CONSTANT(hid_t, H5T_IEEE_F64LE)
CHDF5_CONSTANT(hid_t, H5T_STD_I8LE)
CHDF5_CONSTANT(hid_t, H5T_STD_U8LE)
CHDF5_CONSTANT(hid_t, H5T_STD_I16LE)
CHDF5_CONSTANT(hid_t, H5T_STD_U16LE)
CHDF5_CONSTANT(hid_t, H5T_STD_I32LE)
CHDF5_CONSTANT(hid_t, H5T_STD_U32LE)
CHDF5_CONSTANT(hid_t, H5T_STD_I64LE)
CHDF5_CONSTANT(hid_t, H5T_STD_U64LE)
CHDF5_CONSTANT(hid_t, H5T_C_S1)
CHDF5_CONSTANT(size_t, H5T_VARIABLE)

#undef CHDF5_CONSTANT

#endif /* CHDF5_H */
