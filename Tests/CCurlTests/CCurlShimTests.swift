import CCurl
import Testing

/// Proves the libcurl shim links and its typed `curl_easy_setopt` wrappers reach libcurl.
@Suite struct CCurlShimTests {
    @Test func linksAgainstLibcurlWithHTTPSupport() throws {
        let info = try #require(parley_curl_version_info())
        var protocols: [String] = []
        var cursor = try #require(info.pointee.protocols)
        while let name = cursor.pointee {
            protocols.append(String(cString: name))
            cursor += 1
        }
        #expect(protocols.contains("http"))
        #expect(protocols.contains("https"))
    }

    @Test func typedSetoptWrappersAcceptAndRejectOptions() throws {
        let handle = try #require(curl_easy_init())
        defer { curl_easy_cleanup(handle) }
        #expect(parley_curl_easy_setopt_string(handle, CURLOPT_URL, "http://127.0.0.1:9/") == CURLE_OK)
        #expect(parley_curl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, 1) == CURLE_OK)
        #expect(parley_curl_easy_setopt_long(handle, CURLOPT_HTTP_VERSION, 999) != CURLE_OK)
    }
}
