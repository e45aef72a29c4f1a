import CHDF5

/// libhdf5's macro-only constants, bridged once from the `CHDF5` shims.
///
/// Each value is read through a function because libhdf5 initialises the
/// underlying globals in `H5open()`; the shims call it implicitly.
enum _Constants {
    static var defaultPropertyList: hid_t { CHDF5_H5P_DEFAULT() }
    static var datasetCreateClass: hid_t { CHDF5_H5P_DATASET_CREATE() }
    static var fileAccessClass: hid_t { CHDF5_H5P_FILE_ACCESS() }
    static var linkCreateClass: hid_t { CHDF5_H5P_LINK_CREATE() }
    static var allSelection: hid_t { CHDF5_H5S_ALL() }
    static var errorStack: hid_t { CHDF5_H5E_DEFAULT() }

    static var readOnly: UInt32 { CHDF5_H5F_ACC_RDONLY() }
    static var readWrite: UInt32 { CHDF5_H5F_ACC_RDWR() }
    static var truncate: UInt32 { CHDF5_H5F_ACC_TRUNC() }
    static var exclusive: UInt32 { CHDF5_H5F_ACC_EXCL() }

    static var cString: hid_t { CHDF5_H5T_C_S1() }
    static var variableLength: Int { CHDF5_H5T_VARIABLE() }
}
