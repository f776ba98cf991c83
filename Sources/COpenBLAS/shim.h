// OpenBLAS's CBLAS interface (with openblas_set_num_threads) and LAPACKE's C interface.
#include <cblas.h>
#include <lapacke.h>
