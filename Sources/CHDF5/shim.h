// Debian's libhdf5 (libhdf5-dev, found through pkg-config `hdf5`), used by DisentangleHDF5 to read Shapes3D.
// HDF5's predefined types and defaults are macros that Swift cannot import; these functions return them.
#include <hdf5.h>

static inline hid_t chdf5_native_uint8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t chdf5_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t chdf5_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t chdf5_default(void) { return H5P_DEFAULT; }
static inline hid_t chdf5_all(void) { return H5S_ALL; }
static inline hid_t chdf5_dataset_access(void) { return H5P_DATASET_ACCESS; }
static inline unsigned chdf5_read_only(void) { return H5F_ACC_RDONLY; }
/// Stops HDF5 from printing its error stack; callers turn failed calls into Swift errors.
static inline void chdf5_silence_errors(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }
