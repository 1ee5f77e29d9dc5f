// XXH3-64 from Debian's libxxhash-dev, inlined so short blocking keys hash without a call.
#ifndef DUBBLETT_CXXHASH_SHIM_H
#define DUBBLETT_CXXHASH_SHIM_H
#define XXH_INLINE_ALL
#include <xxhash.h>
#include <stdint.h>
#include <stddef.h>

/// XXH3-64 of `length` bytes at `data`, seeded (Dubblett seeds per blocking rule).
static inline uint64_t dubblett_xxh3_64(const void *data, size_t length, uint64_t seed) {
    return XXH3_64bits_withSeed(data, length, seed);
}
#endif
