#ifndef PARLEY_CCURL_SHIM_H
#define PARLEY_CCURL_SHIM_H

#include <curl/curl.h>

/// Typed wrappers for the variadic `curl_easy_setopt` and `curl_easy_getinfo`, which Swift cannot call.
static inline CURLcode parley_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode parley_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode parley_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode parley_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

typedef size_t (*parley_curl_write_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode parley_curl_easy_setopt_write_callback(CURL *handle, CURLoption option,
                                                             parley_curl_write_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

typedef int (*parley_curl_xferinfo_callback)(void *context, curl_off_t download_total, curl_off_t downloaded,
                                             curl_off_t upload_total, curl_off_t uploaded);

/// The progress callback, called at least once a second even while no bytes arrive: where a transfer learns
/// it was cancelled.
static inline CURLcode parley_curl_easy_setopt_xferinfo_callback(CURL *handle,
                                                                parley_curl_xferinfo_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

typedef size_t (*parley_curl_read_callback)(char *buffer, size_t size, size_t count, void *context);

/// The upload's source (`CURLOPT_READFUNCTION`), for protocols that upload rather than post (SFTP).
static inline CURLcode parley_curl_easy_setopt_read_callback(CURL *handle, parley_curl_read_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_READFUNCTION, callback);
}

typedef int (*parley_curl_sshkey_callback)(CURL *easy, const struct curl_khkey *knownkey,
                                           const struct curl_khkey *foundkey, enum curl_khmatch match,
                                           void *context);

/// Where an SSH server's host key is judged (`CURLOPT_SSH_KEYFUNCTION`).
static inline CURLcode parley_curl_easy_setopt_sshkey_callback(CURL *handle, parley_curl_sshkey_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_SSH_KEYFUNCTION, callback);
}

/// SSH authentication by a key file or ssh-agent only: never a password or keyboard-interactive prompt.
static const long parley_curlssh_auth_publickey = (long)CURLSSH_AUTH_PUBLICKEY;
static const long parley_curlssh_auth_agent = (long)CURLSSH_AUTH_AGENT;

static inline CURLcode parley_curl_easy_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode parley_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

/// `CURLAUTH_BASIC`, a macro of casts and shifts that Swift does not import.
static const long parley_curlauth_basic = (long)CURLAUTH_BASIC;

/// `curl_version_info(CURLVERSION_NOW)`: the macro is not visible to Swift.
static inline const curl_version_info_data *parley_curl_version_info(void) {
    return curl_version_info(CURLVERSION_NOW);
}

#endif
