import Foundation

/// Reads the dates HTTP headers and WebDAV properties carry (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110's
/// IMF-fixdate): `Retry-After`, `getlastmodified`.
///
/// One reader serves a whole listing: a `DateFormatter` costs far more to make than to use.
public struct HTTPDate {
    private let formatter: DateFormatter

    public init() {
        formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
    }

    public func date(from text: String) -> Date? {
        formatter.date(from: text.trimmingCharacters(in: .whitespaces))
    }
}
