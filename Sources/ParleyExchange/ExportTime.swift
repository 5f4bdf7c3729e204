import Foundation
import ParleyCore

/// Times as exports write them, turned into Parley's milliseconds since 1970.
enum ExportTime {
    /// ISO 8601 / RFC 3339 with `T` or a space between date and time, optional fractions of any length
    /// (microseconds are common), and `Z`, `+08:00`, `+0000` or no offset (read as UTC).
    static func milliseconds(iso text: String) -> Int64? {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<start + count] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes.count >= 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "t"),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var milliseconds = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
            index += 1
            var digits = 0
            while index < bytes.count, (48...57).contains(bytes[index]) {
                if digits < 3 { milliseconds = milliseconds * 10 + Int(bytes[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 3) { milliseconds *= 10 }
        }
        var offsetSeconds = 0
        if index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                index += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                guard let hours = number(index + 1, 2) else { return nil }
                index += 3
                if index < bytes.count, bytes[index] == UInt8(ascii: ":") { index += 1 }
                let minutes = number(index, 2) ?? 0
                if index < bytes.count { index += 2 }
                offsetSeconds = sign * (hours * 3600 + minutes * 60)
            default:
                return nil
            }
        }
        guard index == bytes.count else { return nil }
        let days = RFC3339.days(fromCivilYear: Int64(year), month: Int64(month), day: Int64(day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        return seconds * 1000 + Int64(milliseconds)
    }

    /// Seconds since 1970 as a float (ChatGPT's `create_time`, DeepSeek's web API).
    static func milliseconds(seconds: Double) -> Int64? {
        guard seconds.isFinite, seconds > 0, seconds < 1e11 else { return nil }
        return Int64((seconds * 1000).rounded())
    }

    /// A number that may be seconds or milliseconds (Open WebUI mixes them): past 10^11 it is read as
    /// milliseconds, which puts the switch in the year 5138 for seconds and 1973 for milliseconds.
    static func milliseconds(secondsOrMilliseconds value: JSONValue?) -> Int64? {
        guard let number = value?.numberValue, number.isFinite, number > 0 else { return nil }
        if number >= 1e11 { return number < 1e14 ? Int64(number.rounded()) : nil }
        return milliseconds(seconds: number)
    }

    /// A JSON time of any of these kinds: an ISO string or a number of seconds or milliseconds.
    static func milliseconds(_ value: JSONValue?) -> Int64? {
        switch value {
        case let .string(text)?: milliseconds(iso: text)
        case .integer?, .double?: milliseconds(secondsOrMilliseconds: value)
        default: nil
        }
    }
}
