import CCurl
import Foundation
import Synchronization

/// One libcurl easy handle, owned by Swift: created and freed with the value, with typed setters for the
/// variadic `curl_easy_setopt`. A handle keeps its connections open between transfers, so reusing one
/// (``CurlHandlePool``) reuses the TLS and HTTP/2 connection to the API.
final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    /// Header and command lists must outlive the transfer that uses them; freed by ``reset()`` or with the
    /// handle.
    private var lists: [UnsafeMutablePointer<curl_slist>] = []

    init() throws(TransferError) {
        CurlGlobal.initializeOnce()
        guard let handle = curl_easy_init() else { throw .setup("libcurl could not create a handle") }
        self.handle = handle
    }

    deinit {
        curl_easy_cleanup(handle)
        for list in lists { curl_slist_free_all(list) }
    }

    /// Clears the options of the previous transfer; open connections and caches stay.
    func reset() {
        curl_easy_reset(handle)
        for list in lists { curl_slist_free_all(list) }
        lists = []
    }

    func set(_ option: CURLoption, _ value: Int) throws(TransferError) {
        try check(parley_curl_easy_setopt_long(handle, option, value), option)
    }

    func set(_ option: CURLoption, _ value: String) throws(TransferError) {
        try check(parley_curl_easy_setopt_string(handle, option, value), option)
    }

    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws(TransferError) {
        try check(parley_curl_easy_setopt_pointer(handle, option, pointer), option)
    }

    func setSize(_ option: CURLoption, _ value: Int) throws(TransferError) {
        try check(parley_curl_easy_setopt_off(handle, option, curl_off_t(value)), option)
    }

    /// The request body, copied by libcurl (`CURLOPT_COPYPOSTFIELDS`), so `body` need not outlive this call.
    /// Set `CURLOPT_POSTFIELDSIZE_LARGE` first.
    func setCopiedBody(_ body: Data) throws(TransferError) {
        let code = body.withUnsafeBytes { bytes in
            parley_curl_easy_setopt_pointer(
                handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
        }
        try check(code, CURLOPT_COPYPOSTFIELDS)
    }

    /// Sets a list option (header lines, SFTP commands); an empty list sets nothing.
    func setList(_ option: CURLoption, _ lines: [String]) throws(TransferError) {
        guard !lines.isEmpty else { return }
        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            guard let appended = curl_slist_append(list, line) else {
                if let list { curl_slist_free_all(list) }
                throw .setup("libcurl could not allocate a list entry")
            }
            list = appended
        }
        guard let list else { return }
        lists.append(list)
        try check(parley_curl_easy_setopt_slist(handle, option, list), option)
    }

    func setWriteCallback(_ option: CURLoption, _ callback: parley_curl_write_callback) throws(TransferError) {
        try check(parley_curl_easy_setopt_write_callback(handle, option, callback), option)
    }

    func setReadCallback(_ callback: parley_curl_read_callback) throws(TransferError) {
        try check(parley_curl_easy_setopt_read_callback(handle, callback), CURLOPT_READFUNCTION)
    }

    func setHostKeyCallback(_ callback: parley_curl_sshkey_callback) throws(TransferError) {
        try check(parley_curl_easy_setopt_sshkey_callback(handle, callback), CURLOPT_SSH_KEYFUNCTION)
    }

    func setProgressCallback(_ callback: parley_curl_xferinfo_callback) throws(TransferError) {
        try check(parley_curl_easy_setopt_xferinfo_callback(handle, callback), CURLOPT_XFERINFOFUNCTION)
    }

    func responseCode() -> Int {
        var code = 0
        _ = parley_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(TransferError) {
        guard code == CURLE_OK else {
            throw .setup("libcurl refused option \(option.rawValue): \(String(cString: curl_easy_strerror(code)))")
        }
    }
}
