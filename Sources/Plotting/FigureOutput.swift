import CCairo
import Foundation

extension Figure {
    /// Writes `folder/name.png` (and `.svg`, `.pdf` as requested), creating
    /// the folder if needed. Each file is written under a temporary name and
    /// renamed into place, so a failure never leaves half a figure behind.
    ///
    /// - Returns: the paths written.
    @discardableResult
    public func write(to folder: String, name: String, formats: [FigureFormat] = [.png, .svg]) throws -> [String] {
        let directory = URL(fileURLWithPath: folder, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw PlotError.cannotWrite(path: folder, reason: "the folder cannot be created")
        }
        var written: [String] = []
        for format in formats {
            let bytes = try render(format)
            let destination = directory.appendingPathComponent("\(name).\(format.rawValue)")
            let temporary = directory.appendingPathComponent(".\(name).\(format.rawValue).partial-\(getpid())")
            do {
                try bytes.write(to: temporary)
                if rename(temporary.path, destination.path) != 0 {
                    throw PlotError.cannotWrite(path: destination.path, reason: String(cString: strerror(errno)))
                }
            } catch let error as PlotError {
                try? FileManager.default.removeItem(at: temporary)
                throw error
            } catch {
                try? FileManager.default.removeItem(at: temporary)
                throw PlotError.cannotWrite(path: destination.path, reason: Self.reason(error))
            }
            written.append(destination.path)
        }
        return written
    }

    private static func reason(_ error: Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let code = underlying?.code, underlying?.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(code))) }
        return (error as NSError).localizedDescription
    }

    /// The figure encoded in `format`, in memory.
    public func render(_ format: FigureFormat) throws -> Data {
        let sink = ByteSink()
        let userData = Unmanaged.passUnretained(sink).toOpaque()
        let surface: OpaquePointer?
        switch format {
        case .png:
            surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32((width * Style.pngScale).rounded()), Int32((height * Style.pngScale).rounded()))
        case .svg:
            surface = cairo_svg_surface_create_for_stream(byteSinkWrite, userData, width, height)
        case .pdf:
            surface = cairo_pdf_surface_create_for_stream(byteSinkWrite, userData, width, height)
            // A fixed creation date keeps the bytes identical from run to run.
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "2026-01-01T00:00:00Z")
        }
        guard let surface else { throw PlotError.cairoFailure("no surface") }
        defer { cairo_surface_destroy(surface) }
        let context = cairo_create(surface)!
        if format == .png { cairo_scale(context, Style.pngScale, Style.pngScale) }
        Renderer(context: context).draw(self)
        let status = cairo_status(context)
        cairo_destroy(context)
        guard status == CAIRO_STATUS_SUCCESS else { throw PlotError.cairoFailure(String(cString: cairo_status_to_string(status))) }
        if format == .png {
            cairo_surface_write_to_png_stream(surface, byteSinkWrite, userData)
        } else {
            cairo_surface_finish(surface)
        }
        var data = sink.data
        if format == .svg { data = SVGIdentifiers.normalised(data) }
        return data
    }
}

/// Collects the bytes Cairo streams out.
final class ByteSink {
    var data = Data()
}

private let byteSinkWrite: cairo_write_func_t = { closure, bytes, length in
    guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
    Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
    return CAIRO_STATUS_SUCCESS
}

/// Cairo numbers SVG elements (`surface12`, `glyph0-3`, `clip5`, …) with
/// counters that keep running across figures in one process, so the same
/// figure drawn twice would differ. Renumbering every identifier in order of
/// first appearance makes the file depend on the figure alone.
enum SVGIdentifiers {
    static func normalised(_ data: Data) -> Data {
        guard let text = String(data: data, encoding: .utf8) else { return data }
        let pattern = try! NSRegularExpression(pattern: "\\b(surface|glyph|clip|image|pattern|mask|source|linear|radial|filter)([0-9]+(?:-[0-9]+)?)\\b")
        var mapping: [String: String] = [:]
        var counters: [String: Int] = [:]
        var result = ""
        var last = text.startIndex
        for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let range = Range(match.range, in: text), let kindRange = Range(match.range(at: 1), in: text) else { continue }
            result += text[last..<range.lowerBound]
            let token = String(text[range])
            if let known = mapping[token] {
                result += known
            } else {
                let kind = String(text[kindRange])
                let number = counters[kind, default: 0]
                counters[kind] = number + 1
                let replacement = "\(kind)\(number)"
                mapping[token] = replacement
                result += replacement
            }
            last = range.upperBound
        }
        result += text[last...]
        return Data(result.utf8)
    }
}
