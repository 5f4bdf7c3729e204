#ifndef PARLEY_CLIBUUID_SHIM_H
#define PARLEY_CLIBUUID_SHIM_H

#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <uuid/uuid.h>
#if __APPLE__
#include <sys/random.h>
#endif

/// Writes a new time-ordered (version 7, RFC 9562) UUID as 36 lowercase characters plus a NUL into `out`:
/// the Unix time in milliseconds in the first 48 bits, then 74 random bits from the kernel (`getentropy`;
/// libuuid's own generator opens /dev/urandom for every UUID). New rows then land at the end of the unique
/// indexes on `id` instead of on a random page of each, so a commit writes one index page instead of one per
/// row. libuuid writes the text.
static inline void parley_uuid_generate_lower(char out[37]) {
    uuid_t uuid;
    if (getentropy(uuid + 6, 10) != 0) {
        uuid_generate_random(uuid);
    }
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    uint64_t milliseconds = (uint64_t)now.tv_sec * 1000 + (uint64_t)now.tv_nsec / 1000000;
    for (int index = 0; index < 6; index++) {
        uuid[index] = (unsigned char)(milliseconds >> (40 - 8 * index));
    }
    uuid[6] = (unsigned char)((uuid[6] & 0x0f) | 0x70);
    uuid[8] = (unsigned char)((uuid[8] & 0x3f) | 0x80);
    uuid_unparse_lower(uuid, out);
}

/// Returns 0 when `text` is a UUID libuuid can parse, -1 otherwise.
static inline int parley_uuid_parse_check(const char *text) {
    uuid_t uuid;
    return uuid_parse(text, uuid);
}

#endif
