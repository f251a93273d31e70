import CCairo
import Foundation

/// Chromium without a screen: the DOM after a page has loaded, and a screenshot.
struct HeadlessBrowser {
    let program: URL

    /// Chromium on PATH, under any of the names distributions give it.
    static let installed = programOnPath(["chromium", "chromium-browser", "google-chrome"]).map(HeadlessBrowser.init)

    private func arguments(_ extra: [String], page: URL) -> [String] {
        // Root in a container: no sandbox; a profile of its own so runs do not share state.
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars",
         "--user-data-dir=" + NSTemporaryDirectory() + "chromium-\(UUID().uuidString)", "--virtual-time-budget=10000"]
            + extra + [page.absoluteString]
    }

    /// The page's DOM as Chromium serialises it after loading (and running its scripts).
    func dom(of page: URL) throws -> String {
        let run = try runProgram(program, arguments(["--dump-dom"], page: page))
        guard run.status == 0, !run.timedOut else { throw BrowserFailure("chromium --dump-dom failed: \(run.error)") }
        return run.output
    }

    /// A PNG of the page's first `height` pixels at a width of `width`.
    func screenshot(of page: URL, to file: URL, width: Int = 1280, height: Int = 2000) throws {
        let run = try runProgram(program, arguments(["--screenshot=\(file.path)", "--window-size=\(width),\(height)"], page: page))
        guard run.status == 0, !run.timedOut, FileManager.default.fileExists(atPath: file.path) else {
            throw BrowserFailure("chromium --screenshot failed: \(run.error)")
        }
    }
}

struct BrowserFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// How much of a screenshot is not background: the share of pixels that differ from the
/// most common colour, and how many distinct colours there are (text is anti-aliased).
struct InkMeasure {
    let inkShare: Double
    let colours: Int

    init(png: URL) throws {
        guard let surface = cairo_image_surface_create_from_png(png.path), cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS
        else { throw BrowserFailure("\(png.lastPathComponent) is not a readable PNG") }
        defer { cairo_surface_destroy(surface) }
        cairo_surface_flush(surface)
        let width = Int(cairo_image_surface_get_width(surface)), height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface), width > 0, height > 0 else { throw BrowserFailure("empty screenshot") }
        var counts: [UInt32: Int] = [:]
        for row in 0..<height {
            let pixels = UnsafeRawPointer(data + row * stride).assumingMemoryBound(to: UInt32.self)
            for column in 0..<width { counts[pixels[column], default: 0] += 1 }
        }
        let background = counts.values.max() ?? 0
        inkShare = 1 - Double(background) / Double(width * height)
        colours = counts.count
    }
}
