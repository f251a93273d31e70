import Foundation
import Testing
@testable import Plotting

struct FigureOutputTests {
    func sampleFigure() -> Figure {
        var figure = Figure(rows: 1, columns: 2, width: 400, height: 200, title: "σ, ε, ∇, θ, ᾱ, ‖x‖")
        figure[0, 0].line(x: [0, 1, 2], y: [0, 1, 0], label: "ᾱ_t")
        figure[0, 0].scatter(x: [0.5, 1.5], y: [0.2, 0.8])
        figure[0, 1].heatmap(values: [[0, 1], [2, 3]], xRange: 0...1, yRange: 0...1, colorBar: "log p")
        figure[0, 1].contour(values: [[0, 1], [2, 3]], xRange: 0...1, yRange: 0...1, levels: [1.5])
        return figure
    }

    func temporaryFolder() -> String {
        NSTemporaryDirectory() + "plotting-tests-\(UUID().uuidString)"
    }

    @Test(arguments: FigureFormat.allCases)
    func sameFigureDrawnTwiceGivesIdenticalBytes(format: FigureFormat) throws {
        let first = try sampleFigure().render(format)
        let second = try sampleFigure().render(format)
        #expect(first.count > 1000)
        #expect(first == second)
    }

    @Test func pngHasTheRequestedPixelSize() throws {
        let png = try sampleFigure().render(.png)
        #expect(Array(png.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        // IHDR width and height (big-endian) at bytes 16–23: 2 pixels per point.
        let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = png[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 800 && height == 400)
    }

    @Test func writingCreatesMissingFoldersAndLeavesNoTemporaryFiles() throws {
        let folder = temporaryFolder() + "/nested/deeper"
        let paths = try sampleFigure().write(to: folder, name: "sample", formats: [.png, .svg, .pdf])
        #expect(paths.count == 3 && paths.allSatisfy { FileManager.default.fileExists(atPath: $0) })
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["sample.pdf", "sample.png", "sample.svg"])
    }

    @Test func unwritableFolderGivesOneClearErrorAndNoFile() throws {
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let blocker = folder + "/a-file"
        FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8))
        #expect(throws: PlotError.self) { try sampleFigure().write(to: blocker + "/figures", name: "sample") }
        do { try sampleFigure().write(to: blocker + "/figures", name: "sample") } catch let error as PlotError {
            #expect(error.description.hasPrefix("Cannot write the figure to"))
            #expect(!error.description.contains("\n"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["a-file"])
    }

    @Test func readOnlyFolderFailsWithoutLeavingAPartialFile() throws {
        // Root ignores permission bits, so this check only means something for other users.
        guard getuid() != 0 else { return }
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        chmod(folder, 0o555)
        defer { chmod(folder, 0o755) }
        #expect(throws: PlotError.self) { try sampleFigure().write(to: folder, name: "sample") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test func svgIdentifiersAreRenumberedInOrderOfAppearance() {
        let svg = Data(##"<g id="surface42"><use xlink:href="#glyph3-7"/><use xlink:href="#glyph3-7"/><g clip-path="url(#clip9)">"##.utf8)
        let normalised = String(decoding: SVGIdentifiers.normalised(svg), as: UTF8.self)
        #expect(normalised == ##"<g id="surface0"><use xlink:href="#glyph0"/><use xlink:href="#glyph0"/><g clip-path="url(#clip0)">"##)
    }
}
