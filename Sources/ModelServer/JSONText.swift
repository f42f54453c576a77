import PipelineBasics

/// JSON text written directly, for the recommend route: `JSONEncoder` with
/// sorted keys took about a tenth of a request's time. It writes the bytes
/// that encoder writes (keys in sorted order, `/` escaped, numbers as Swift
/// prints them without a trailing `.0`, non-finite numbers as strings), so
/// answers stay the same; the tests compare the two.
struct JSONText {
    private(set) var text = ""

    init(capacity: Int) { text.reserveCapacity(capacity) }

    mutating func raw(_ fragment: String) { text += fragment }

    mutating func string(_ value: String) { appendJSONQuoted(value, to: &text, escapes: .foundation) }

    mutating func number(_ value: Double) {
        guard value.isFinite else {
            string(value.isNaN ? "NaN" : value < 0 ? "-Infinity" : "Infinity")
            return
        }
        let written = value.description
        text += written.hasSuffix(".0") ? String(written.dropLast(2)) : written
    }

    mutating func bool(_ value: Bool) { text += value ? "true" : "false" }
}

extension APIMessages.Recommendation {
    /// The same text as `JSONEncoder` with sorted keys writes.
    var jsonText: String {
        var json = JSONText(capacity: 64 + 48 * items.count)
        json.raw("{\"items\":[")
        for (position, item) in items.enumerated() {
            json.raw(position == 0 ? "{\"item\":" : ",{\"item\":")
            json.string(item.item)
            json.raw(",\"score\":")
            json.number(item.score)
            json.raw("}")
        }
        json.raw("],\"known\":")
        json.bool(known)
        json.raw(",\"user\":")
        json.string(user)
        json.raw("}")
        return json.text
    }
}
