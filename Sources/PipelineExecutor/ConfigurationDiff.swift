/// Differences between two flattened canonical configurations, as plan reasons.
enum ConfigurationDiff {
    static func reasons(from old: [String: String], to new: [String: String]) -> [PlanReason] {
        let paths = Set(old.keys).union(new.keys).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return paths.compactMap { path in
            let before = old[path], after = new[path]
            return before == after ? nil : .configurationChanged(path: path, from: before, to: after)
        }
    }
}
