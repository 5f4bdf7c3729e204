#ifndef PARLEY_CLIBUUID_SHIM_H
#define PARLEY_CLIBUUID_SHIM_H

#include <uuid/uuid.h>

/// Writes a new random (version 4) UUID as 36 lowercase characters plus a NUL into `out`.
static inline void parley_uuid_generate_lower(char out[37]) {
    uuid_t uuid;
    uuid_generate_random(uuid);
    uuid_unparse_lower(uuid, out);
}

/// Returns 0 when `text` is a UUID libuuid can parse, -1 otherwise.
static inline int parley_uuid_parse_check(const char *text) {
    uuid_t uuid;
    return uuid_parse(text, uuid);
}

#endif
