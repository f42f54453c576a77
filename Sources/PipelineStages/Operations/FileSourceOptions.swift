import MLCore
import PipelineSpec

extension FileSourceSpec {
    /// How MLCore's loader reads this source.
    var ratingFileOptions: RatingFileOptions {
        let roles = columns.value
        let delimiter: Delimiter? =
            delimiter.flatMap { Delimiter($0.value) }
            ?? (format.value == .tsv ? .tab : format.value == .csv ? .comma : nil)
        let duplicatePolicy: MLCore.DuplicatePolicy =
            switch duplicates.value {
            case .error: .error
            case .last: .last
            case .mean: .mean
            }
        return RatingFileOptions(
            delimiter: delimiter, header: header.value ? .present : .absent,
            columns: RatingColumns(
                user: selector(roles.user.value), item: selector(roles.item.value),
                rating: selector(roles.rating.value), time: roles.time.map { selector($0.value) },
                group: roles.group.map { selector($0.value) }),
            scale: scale.map { $0.value[0]...$0.value[1] }, duplicates: duplicatePolicy,
            skipBadRows: onBadRows.value == .skip)
    }
}

extension AttributeSourceSpec {
    /// How MLCore's loader reads this table.
    var attributeFileOptions: AttributeFileOptions {
        let delimiter: Delimiter? =
            delimiter.flatMap { Delimiter($0.value) }
            ?? (format.value == .tsv ? .tab : format.value == .csv ? .comma : nil)
        let columns = attributes.map { attribute in
            let encoding: AttributeEncoding =
                switch attribute.encoding.value {
                case .categorical: .categorical
                case .numeric: .numeric
                case .multi: .multiValued(separator: attribute.separator?.value ?? " ")
                }
            return AttributeColumn(name: attribute.name.value, column: selector(attribute.column.value), encoding: encoding)
        }
        return AttributeFileOptions(delimiter: delimiter, header: header.value, id: selector(id.value), attributes: columns)
    }
}

private func selector(_ reference: ColumnReference) -> ColumnSelector {
    switch reference {
    case .name(let name): .name(name)
    case .index(let index): .index(index)
    }
}
