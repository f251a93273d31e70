import Foundation

/// Why parameters could not be saved or loaded.
public enum ParameterFileError: Error, CustomStringConvertible, Equatable {
    case cannotWrite(path: String, reason: String)
    case cannotRead(path: String, reason: String)
    case malformed(path: String, reason: String)
    case mismatch(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): return "Cannot write parameters to \(path): \(reason)."
        case .cannotRead(let path, let reason): return "Cannot read parameters from \(path): \(reason)."
        case .malformed(let path, let reason): return "\(path) is not a valid parameter file: \(reason)."
        case .mismatch(let path, let reason): return "Parameters in \(path) do not fit this model: \(reason)."
        }
    }
}

/// Saving and loading parameters in a small self-describing binary format:
///
///   "DGMPARAM" · UInt32 version · UInt32 count ·
///   count × (UInt32 nameLength · UTF-8 name · UInt32 rank · rank × UInt32 dims · Float32 data)
///
/// all little-endian. Files are written to a temporary name and renamed, so a
/// crash never leaves half a file behind.
public enum ParameterFile {
    static let magic = Array("DGMPARAM".utf8)
    static let version: UInt32 = 1

    public static func save(_ parameters: [Parameter], to path: String) throws {
        var bytes = magic
        func append(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        append(version)
        append(UInt32(parameters.count))
        for parameter in parameters {
            let name = Array(parameter.name.utf8)
            append(UInt32(name.count))
            bytes.append(contentsOf: name)
            append(UInt32(parameter.value.rank))
            for dimension in parameter.value.shape { append(UInt32(dimension)) }
            for scalar in parameter.value.scalars { append(scalar.bitPattern) }
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: temporary)
            if FileManager.default.fileExists(atPath: path) { _ = try FileManager.default.replaceItemAt(url, withItemAt: temporary) } else {
                try FileManager.default.moveItem(at: temporary, to: url)
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ParameterFileError.cannotWrite(path: path, reason: error.localizedDescription)
        }
    }

    /// Loads values into `parameters`, matching names and shapes in order.
    public static func load(into parameters: [Parameter], from path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ParameterFileError.cannotRead(path: path, reason: "the file does not exist or is not readable")
        }
        let bytes = [UInt8](data)
        var offset = 0
        func readUInt32() throws -> UInt32 {
            guard offset + 4 <= bytes.count else { throw ParameterFileError.malformed(path: path, reason: "it ends early") }
            let value = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
            offset += 4
            return value
        }
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw ParameterFileError.malformed(path: path, reason: "the header is missing")
        }
        offset = magic.count
        guard try readUInt32() == version else { throw ParameterFileError.malformed(path: path, reason: "unknown version") }
        let count = Int(try readUInt32())
        guard count == parameters.count else {
            throw ParameterFileError.mismatch(path: path, reason: "the file has \(count) tensors, the model \(parameters.count)")
        }
        var loaded: [Tensor] = []
        for parameter in parameters {
            let nameLength = Int(try readUInt32())
            guard offset + nameLength <= bytes.count else { throw ParameterFileError.malformed(path: path, reason: "it ends early") }
            let name = String(decoding: bytes[offset..<(offset + nameLength)], as: UTF8.self)
            offset += nameLength
            let rank = Int(try readUInt32())
            var shape: [Int] = []
            for _ in 0..<rank { shape.append(Int(try readUInt32())) }
            guard name == parameter.name, shape == parameter.value.shape else {
                throw ParameterFileError.mismatch(path: path, reason: "expected \(parameter.name) \(parameter.value.shape), found \(name) \(shape)")
            }
            var scalars: [Float] = []
            scalars.reserveCapacity(shape.reduce(1, *))
            for _ in 0..<shape.reduce(1, *) { scalars.append(Float(bitPattern: try readUInt32())) }
            loaded.append(Tensor(shape: shape, scalars: scalars))
        }
        for (parameter, value) in zip(parameters, loaded) { parameter.value = value }
    }
}
