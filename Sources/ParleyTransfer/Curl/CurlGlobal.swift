import CCurl
import Synchronization

/// `curl_global_init`, which must run once before any handle and is not thread-safe itself.
enum CurlGlobal {
    private static let initialized = Mutex(false)

    static func initializeOnce() {
        initialized.withLock { done in
            guard !done else { return }
            curl_global_init(Int(CURL_GLOBAL_DEFAULT))
            done = true
        }
    }
}
