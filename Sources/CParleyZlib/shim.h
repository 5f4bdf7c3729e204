#ifndef PARLEY_CZLIB_SHIM_H
#define PARLEY_CZLIB_SHIM_H

#include <zlib.h>

/// `deflateInit` and `inflateInit` are macros that pass the library's version and the stream's size; Swift
/// cannot call macros, so these wrap them.
static inline int parley_deflate_init(z_streamp stream, int level) {
    return deflateInit(stream, level);
}

static inline int parley_inflate_init(z_streamp stream) {
    return inflateInit(stream);
}

#endif
