// The system zlib (deflate/inflate), used for .npz archives and PNG files.
#include <zlib.h>
#include <stddef.h>
#include <stdint.h>

// The CRC-32 (ISO 3309: zip, gzip, PNG) of `count` bytes, continuing from `crc` (0 to start). zlib's crc32 takes
// a 32-bit length, so longer buffers are fed in chunks. The one CRC wrapper of the package.
static inline uint32_t disentangle_crc32(uint32_t crc, const void *bytes, size_t count) {
    const unsigned char *cursor = (const unsigned char *)bytes;
    uLong result = crc;
    while (count > 0) {
        uInt take = count > (1u << 30) ? (1u << 30) : (uInt)count;
        result = crc32(result, cursor, take);
        cursor += take;
        count -= take;
    }
    return (uint32_t)result;
}
