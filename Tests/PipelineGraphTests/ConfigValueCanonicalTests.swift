import Testing
@testable import PipelineGraph

@Suite struct ConfigValueCanonicalTests {
    @Test func keysAreSortedWhateverTheInsertionOrder() {
        var forward: [String: ConfigValue] = [:]
        var backward: [String: ConfigValue] = [:]
        let keys = (0..<50).map { "key\($0)" }
        for key in keys { forward[key] = .int(key.count) }
        for key in keys.reversed() { backward[key] = .int(key.count) }
        #expect(ConfigValue.object(forward).canonicalText == ConfigValue.object(backward).canonicalText)
        let nested: ConfigValue = ["b": 1, "a": ["z": true, "y": nil], "B": "x"]
        #expect(nested.canonicalText == #"{"B":"x","a":{"y":null,"z":true},"b":1}"#)
    }

    @Test(arguments: [
        (ConfigValue.double(0.005), "0.005"),
        (.double(0.01), "0.01"),
        (.double(1e-5), "1e-05"),
        (.double(2), "2.0"),
        (.int(2), "2"),
        (.double(-0.0), "-0.0"),
        (.double(1.0 / 3.0), "0.3333333333333333"),
        (.double(1e300), "1e+300"),
        (.double(.infinity), "inf"),
        (.double(-.infinity), "-inf"),
        (.double(.nan), "nan"),
        (.int(-42), "-42"),
        (.string("tab\tquote\"back\\slash\u{1}"), #""tab\tquote\"back\\slash\u0001""#),
        (.array([1, 2.5, "x", []]), #"[1,2.5,"x",[]]"#),
    ])
    func numbersAndStringsHaveOneForm(value: ConfigValue, expected: String) {
        #expect(value.canonicalText == expected)
    }

    @Test func flattenedUsesDottedPaths() {
        let value: ConfigValue = ["models": ["svd": ["lr": 0.005, "factors": 64]], "layers": [8, 4], "empty": [:]]
        let leaves = value.flattened().map { "\($0.path)=\($0.value)" }
        #expect(leaves == ["empty={}", "layers.0=8", "layers.1=4", "models.svd.factors=64", "models.svd.lr=0.005"])
        #expect(value[path: "models.svd.lr"] == .double(0.005))
        #expect(value[path: "layers.1"] == .int(4))
        #expect(value[path: "models.knn"] == nil)
    }
}
