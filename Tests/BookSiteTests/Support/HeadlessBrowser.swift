import BookSite
import CCairo
import Foundation

/// Chromium without a screen: the DOM after a page has loaded, and a screenshot.
struct HeadlessBrowser {
    let program: URL

    /// Chromium on PATH, under any of the names distributions give it.
    static let installed = executableOnPath(["chromium", "chromium-browser", "google-chrome"]).map(HeadlessBrowser.init)

    /// Runs Chromium on `page` with `extra` options and a profile of its own, removed afterwards.
    private func run(_ extra: [String], page: URL, width: Int, height: Int) throws -> ProgramRun {
        let profile = NSTemporaryDirectory() + "chromium-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: profile) }
        // Root in a container needs --no-sandbox; the virtual time budget lets the page load and its scripts run.
        let options = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars",
                       "--user-data-dir=" + profile, "--virtual-time-budget=10000", "--window-size=\(width),\(height)"]
        return try runProgram(program, options + extra + [page.absoluteString])
    }

    /// The page's DOM as Chromium serialises it after loading (and running its scripts).
    func dom(of page: URL, width: Int, height: Int) throws -> String {
        let run = try run(["--dump-dom"], page: page, width: width, height: height)
        guard run.status == 0, !run.timedOut else { throw BrowserFailure("chromium --dump-dom failed: \(run.error)") }
        return run.output
    }

    /// A PNG of the page's first `height` pixels at a width of `width`.
    func screenshot(of page: URL, to file: URL, width: Int, height: Int) throws {
        let run = try run(["--screenshot=\(file.path)"], page: page, width: width, height: height)
        guard run.status == 0, !run.timedOut, FileManager.default.fileExists(atPath: file.path) else {
            throw BrowserFailure("chromium --screenshot failed: \(run.error)")
        }
    }
}

struct BrowserFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// How much of a screenshot (or of a rectangle of it) is not background: the share of pixels that differ from the
/// most common colour, and how many distinct colours there are (text is anti-aliased).
struct InkMeasure {
    let inkShare: Double
    let colours: Int

    /// Measures the columns `left..<right` of the rows `top..<bottom`.
    init(png: URL, left: Int = 0, top: Int = 0, right: Int = .max, bottom: Int = .max) throws {
        guard let surface = cairo_image_surface_create_from_png(png.path), cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS
        else { throw BrowserFailure("\(png.lastPathComponent) is not a readable PNG") }
        defer { cairo_surface_destroy(surface) }
        cairo_surface_flush(surface)
        let width = Int(cairo_image_surface_get_width(surface)), height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface), width > 0, height > 0 else { throw BrowserFailure("empty screenshot") }
        let columns = max(0, left)..<min(width, right), rows = max(0, top)..<min(height, bottom)
        guard !columns.isEmpty, !rows.isEmpty else { throw BrowserFailure("the measured region lies outside the screenshot") }
        var counts: [UInt32: Int] = [:]
        for row in rows {
            let pixels = UnsafeRawPointer(data + row * stride).assumingMemoryBound(to: UInt32.self)
            for column in columns { counts[pixels[column], default: 0] += 1 }
        }
        let background = counts.values.max() ?? 0
        inkShare = 1 - Double(background) / Double(columns.count * rows.count)
        colours = counts.count
    }
}
