/// A value that can stand in a table cell: text as it is, numbers in the
/// book's stable format, so chapters need not call `formatNumber` per cell.
public protocol TableCell {
    /// The cell as printed.
    var cellText: String { get }
}

extension String: TableCell {
    public var cellText: String { self }
}

extension Substring: TableCell {
    public var cellText: String { String(self) }
}

extension Double: TableCell {
    /// Four significant digits, as `formatNumber` prints them.
    public var cellText: String { formatNumber(self) }
}

extension Float: TableCell {
    public var cellText: String { formatNumber(Double(self)) }
}

extension Int: TableCell {
    public var cellText: String { String(self) }
}
