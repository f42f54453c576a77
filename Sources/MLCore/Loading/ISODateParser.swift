/// Reads ISO 8601 dates and times as seconds since 1970-01-01T00:00:00Z,
/// for time columns that hold dates rather than numbers:
/// `YYYY-MM-DD`, optionally followed by `T` or a space and `hh:mm`,
/// `hh:mm:ss` or `hh:mm:ss.fff`, optionally followed by `Z`, `±hh:mm` or
/// `±hhmm`. Without a zone the time is taken as UTC.
enum ISODateParser {
    static func parse(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Double? {
        var i = start
        func digits(_ count: Int) -> Int? {
            guard i + count <= end else { return nil }
            var value = 0
            for _ in 0..<count {
                let digit = bytes[i] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
                i += 1
            }
            return value
        }
        func skip(_ byte: UInt8) -> Bool {
            guard i < end, bytes[i] == byte else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), skip(UInt8(ascii: "-")), let month = digits(2), skip(UInt8(ascii: "-")), let day = digits(2),
            (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
        else { return nil }
        var seconds = Double(daysFromCivil(year: year, month: month, day: day)) * 86_400
        guard i < end else { return seconds }
        guard skip(UInt8(ascii: "T")) || skip(UInt8(ascii: " ")),
            let hour = digits(2), skip(UInt8(ascii: ":")), let minute = digits(2), hour < 24, minute < 60
        else { return nil }
        seconds += Double(hour * 3_600 + minute * 60)
        if skip(UInt8(ascii: ":")) {
            guard let second = digits(2), second < 60 else { return nil }
            seconds += Double(second)
            if skip(UInt8(ascii: ".")) {
                var scale = 0.1, sawDigit = false
                while i < end, bytes[i] &- UInt8(ascii: "0") < 10 {
                    seconds += Double(bytes[i] &- UInt8(ascii: "0")) * scale
                    scale /= 10
                    sawDigit = true
                    i += 1
                }
                guard sawDigit else { return nil }
            }
        }
        guard i < end else { return seconds }
        if skip(UInt8(ascii: "Z")) { return i == end ? seconds : nil }
        let sign: Double
        if skip(UInt8(ascii: "+")) { sign = 1 } else if skip(UInt8(ascii: "-")) { sign = -1 } else { return nil }
        guard let zoneHours = digits(2) else { return nil }
        _ = skip(UInt8(ascii: ":"))
        guard let zoneMinutes = digits(2), i == end, zoneHours < 24, zoneMinutes < 60 else { return nil }
        // Local time = UTC + offset, so UTC = local − offset.
        return seconds - sign * Double(zoneHours * 3_600 + zoneMinutes * 60)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 in the proleptic Gregorian calendar, counting in
    /// 400-year eras that start on March 1st so that leap days fall last.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
