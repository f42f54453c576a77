import MLCore
import PipelineSpec

/// Data-file problems, said in the user's terms: where in the data file,
/// which declared column, how many more such rows, and what to do.
enum DataError {
    static func describe(_ error: RatingFileError, source: DataSourceSpec, file: FileSourceSpec, shownPath: String) -> StageError
    {
        var place = shownPath
        if let line = error.line {
            place += ":\(line)"
            if let column = error.column { place += ":\(column)" }
        }
        var lines = ["\(place): \(error.message)"]
        let columns = file.columns.position
        if let role = error.role {
            lines.append("note: the '\(role.rawValue)' column of data source '\(source.name.value)' is declared at \(columns)")
        }
        if let first = error.firstLine {
            lines.append("note: the same user and item first appear on line \(first)")
        }
        lines += hints(for: error, source: source).map { "hint: \($0)" }
        return StageError(.data, lines.joined(separator: "\n"))
    }

    /// An attribute file's problem, pointing at the table's declaration.
    static func describe(_ error: RatingFileError, table name: String, spec: AttributeSourceSpec, shownPath: String)
        -> StageError
    {
        var place = shownPath
        if let line = error.line {
            place += ":\(line)"
            if let field = error.field { place += " (field \(field))" }
        }
        var lines = ["\(place): \(error.message)", "note: data source '\(name)' is declared at \(spec.path.position)"]
        if let first = error.firstLine { lines.append("note: the id first appears on line \(first)") }
        let hints: [String]
        switch error.code {
        case .fileNotFound:
            hints = ["the path is relative to the pipeline file's folder; for MovieLens run scripts/fetch-movielens.sh"]
        case .columnNotFound:
            hints =
                error.candidates.isEmpty
                ? ["check 'id' and 'attributes' against the file's header"]
                : ["did you mean " + error.candidates.map { "'\($0)'" }.joined(separator: " or ") + "?"]
        case .duplicateID: hints = ["each \(spec.entity.rawValue == "users" ? "user" : "item") is listed once"]
        case .badRow: hints = ["fix the row; a missing value may be left empty"]
        default: hints = []
        }
        lines += hints.map { "hint: \($0)" }
        return StageError(.data, lines.joined(separator: "\n"))
    }

    private static func hints(for error: RatingFileError, source: DataSourceSpec) -> [String] {
        switch error.code {
        case .fileNotFound:
            return ["the path is relative to the pipeline file's folder; for MovieLens run scripts/fetch-movielens.sh"]
        case .badRow:
            return ["fix the row, or add 'on_bad_rows: skip' to data source '\(source.name.value)' to skip bad rows"]
        case .duplicateRating:
            return ["add 'duplicates: last' or 'duplicates: mean' to data source '\(source.name.value)'"]
        case .columnNotFound:
            return error.candidates.isEmpty
                ? ["check 'columns' against the file's header"]
                : ["did you mean " + error.candidates.map { "'\($0)'" }.joined(separator: " or ") + "?"]
        case .columnOutOfRange:
            return ["column indices count from 0"]
        case .emptyFile, .noRatings:
            return ["check the path and the file's contents"]
        default:
            return []
        }
    }
}
