import CZlib
import Foundation

/// Decompression of gzip files through zlib.
enum Gzip {
    /// The decompressed contents of a `.gz` file.
    static func contents(of path: String) throws -> Data {
        guard let file = gzopen(path, "rb") else { throw DatasetError.unreadable(path: path, reason: "it cannot be opened") }
        defer { gzclose(file) }
        var result = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
            if count < 0 { throw DatasetError.unreadable(path: path, reason: "it is not valid gzip data") }
            if count == 0 { break }
            result.append(contentsOf: buffer[0..<Int(count)])
        }
        return result
    }
}

/// Why a data set could not be loaded.
public enum DatasetError: Error, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case malformed(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "Cannot read the data file \(path): \(reason)."
        case .malformed(let path, let line, let reason): return "The data file \(path) is malformed at line \(line): \(reason)."
        }
    }
}
