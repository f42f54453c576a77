import Foundation

/// Small pipelines for end-to-end runs: fast, but with every kind of node.
enum RunFixtures {
    static let ensemble = """
        mass: 1
        name: tiny
        seed: 7
        params:
          factors: 4
        data:
          ratings:
            synthetic: {users: 60, items: 40, ratings: 1200}
        split: {method: kfold, folds: 3, validation: 0.1}
        models:
          bias: {kind: baseline}
          svd: {kind: mf, factors: "${params.factors}", epochs: 10, lr: 0.01}
        combine: {method: stacking}
        evaluate:
          metrics: [rmse, mae, ndcg@5]
          gates: {rmse: {max: 2.0}}
        report: {json: out/results.json}

        """

    /// Writes `files` (name → contents) into a new folder.
    static func folder(_ files: [String: String]) throws -> URL {
        let folder = try MassProcess.temporaryFolder()
        for (name, contents) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: true, encoding: .utf8)
        }
        return folder
    }

    /// The `nodes` of `mass run --json` output as id → outcome.
    static func outcomes(_ json: String) throws -> [String: String] {
        let document = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let nodes = document?["nodes"] as? [[String: Any]] ?? []
        return Dictionary(
            uniqueKeysWithValues: nodes.compactMap { node in
                (node["id"] as? String).map { ($0, node["outcome"] as? String ?? "") }
            })
    }
}
