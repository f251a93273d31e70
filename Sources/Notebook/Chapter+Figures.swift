import Foundation
import Plotting

extension Chapter {
    /// Writes the figure as PNG and SVG into the chapter's figure folder and
    /// shows where it went (the book links the PNG).
    ///
    /// `vectorCopy: false` skips the SVG copy for figures with thousands of points, whose
    /// SVG runs to megabytes and is no better on a slide than the PNG.
    public func figure(_ figure: Figure, name: String, caption: String, vectorCopy: Bool = true) {
        do {
            let paths = try figure.write(to: figureFolder, name: name, formats: vectorCopy ? [.png, .svg] : [.png])
            figureFiles += paths.map { ($0 as NSString).lastPathComponent }
            renderer.render(.figure(bookPath: "../figures/\(Chapter.folderName(number))/\(name).png", filePath: paths[0], caption: caption))
        } catch {
            Chapter.stop("\(error)")
        }
    }

    /// Runs `body(step)` for `steps` steps with a progress bar (terminal only;
    /// the book records just the step count so it stays the same from run to run).
    public func train(_ label: String, steps: Int, _ body: (Int) throws -> Void) rethrows {
        let start = Date()
        let every = max(1, steps / 100)
        for step in 0..<steps {
            try body(step)
            if step % every == 0 || step == steps - 1 {
                renderer.progress(label, completed: step + 1, total: steps, elapsed: Date().timeIntervalSince(start))
            }
        }
        renderer.endProgress(label, total: steps)
    }
}
