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
#include <stdint.h>
#include <string.h>

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

/*
 * Links and object identity. libhdf5 1.10 describes objects by file address (H5L_info_t,
 * H5Oget_info2), 1.12 and later by a 16-byte token (H5L_info2_t, H5Oget_info3); these shims
 * give both the same shape.
 */

/* The type of link `name` in `group` (H5L_TYPE_HARD, _SOFT, _EXTERNAL, ...) and, for soft and
 * external links, the size of its value (H5Lget_val); a negative status on failure. */
static inline herr_t CHDF5_link_info(hid_t group, const char *name, int *type, size_t *value_size) {
#if H5_VERSION_GE(1, 12, 0)
    H5L_info2_t info;
    herr_t status = H5Lget_info2(group, name, &info, H5P_DEFAULT);
#else
    H5L_info_t info;
    herr_t status = H5Lget_info(group, name, &info, H5P_DEFAULT);
#endif
    if (status < 0) return status;
    *type = (int)info.type;
    *value_size = info.type == H5L_TYPE_HARD ? 0 : info.u.val_size;
    return status;
}

/* What identifies an open object: the file's serial number and the object's address (1.10)
 * or token (1.12+), as two 64-bit words. Two handles name the same object iff all three agree. */
static inline herr_t CHDF5_object_identity(hid_t object, unsigned long *file, uint64_t *low, uint64_t *high) {
#if H5_VERSION_GE(1, 12, 0)
    H5O_info2_t info;
    herr_t status = H5Oget_info3(object, &info, H5O_INFO_BASIC);
    if (status < 0) return status;
    memcpy(low, info.token.__data, 8);
    memcpy(high, info.token.__data + 8, 8);
#else
    H5O_info_t info;
    herr_t status = H5Oget_info2(object, &info, H5O_INFO_BASIC);
    if (status < 0) return status;
    *low = (uint64_t)info.addr;
    *high = 0;
#endif
    *file = info.fileno;
    return status;
}

#endif /* CHDF5_H */
