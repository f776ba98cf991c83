// The system zlib (deflate/inflate), used for .npz archives and PNG files.
#include <zlib.h>
