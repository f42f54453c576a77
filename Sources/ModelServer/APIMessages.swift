import MLModels

/// The JSON bodies of the API, as `api/openapi.yaml` describes them.
enum APIMessages {
    struct ScoredItem: Encodable {
        var item: String
        var score: Double
    }

    struct Recommendation: Encodable {
        var user: String
        /// False when the model never saw the user: the items are the fallback ranking.
        var known: Bool
        var items: [ScoredItem]
    }

    struct Pair: Decodable {
        var user: String
        var item: String
        /// When the rating would be made; absent or null: each member's own default.
        var time: PairTime?
    }

    /// A pair's time as written: seconds since 1970, or something else that
    /// the route refuses naming the pair (a decoding error could not say which).
    enum PairTime: Decodable {
        case seconds(Double)
        case malformed(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let seconds = try? container.decode(Double.self) {
                self = .seconds(seconds)
            } else if let text = try? container.decode(String.self) {
                self = .malformed("\"\(text)\"")
            } else if let flag = try? container.decode(Bool.self) {
                self = .malformed("\(flag)")
            } else {
                self = .malformed("a list or an object")
            }
        }
    }

    struct PredictRequest: Decodable {
        var pairs: [Pair]
    }

    struct Prediction: Encodable {
        var user: String
        var item: String
        var score: Double
        var knownUser: Bool
        var knownItem: Bool
    }

    struct PredictResponse: Encodable {
        var predictions: [Prediction]
    }

    struct Event: Decodable {
        var user: String
        var item: String
        var rating: Double
    }

    /// One event or a list of them.
    enum Events: Decodable {
        case one(Event)
        case many([Event])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let list = try? container.decode([Event].self) {
                self = .many(list)
            } else {
                self = .one(try container.decode(Event.self))
            }
        }

        var list: [Event] {
            switch self {
            case .one(let event): [event]
            case .many(let events): events
            }
        }
    }

    struct EventsAccepted: Encodable {
        var accepted: Int
    }

    struct ModelDescription: Encodable {
        var path: String
        var pipeline: String
        var target: String
        var combiner: String
        var members: [String]
        var learningMembers: [String]
        var users: Int
        var items: Int
        var scale: [Double]
        var metrics: [String: Double]
        var dataFingerprint: String
        var loadedAt: String
        /// How many times the file has been loaded, the first load included.
        var loads: Int
        /// Events learned since the file was loaded (an export or the server's last snapshot).
        var eventsLearned: Int
        var eventsPending: Int
    }

    struct Health: Encodable {
        var status: String
    }
}
