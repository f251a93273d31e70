import BookSite
import Foundation
import Testing
import TestSupport

/// The built pages opened in headless Chromium: the maths are MathML
/// elements with a layout, the figures load and fit the column, and the
/// pages are not blank.
@Suite(.serialized, .enabled(if: BuiltSite.pandoc != nil && HeadlessBrowser.installed != nil,
                             "pandoc or chromium is not installed (apt-get install pandoc chromium): the pages cannot be opened in a browser here"))
struct BrowserTests {
    /// What the probe script measured in the loaded page.
    struct Probe: Decodable {
        var mathElements: Int
        var mathMLElements: Int
        var displays: Int
        var displaysLaidOut: Int
        var fractionsLaidOut: Int
        var images: Int
        var imagesLoaded: Int
        var imagesWiderThanColumn: Int
        var textLength: Int
        /// The background of the table row holding the page's `:target`, and of the row after it.
        var targetRowBackground: String?
        var nextRowBackground: String?
        /// The text column's box in the window, in CSS pixels (one per screenshot pixel).
        var mainLeft: Double
        var mainTop: Double
        var mainRight: Double
        var mainBottom: Double
    }

    /// The window both the probe and the screenshots use.
    static let window = (width: 1280, height: 2000)

    /// A copy of `page`, in a folder of its own with a `<base>` pointing into the site (so the site stays as built),
    /// with a script that measures the loaded page and writes the result into the DOM. The site itself has no scripts.
    static func probe(_ page: String, fragment: String? = nil) throws -> Probe {
        let site = try BuiltSite.folder.get()
        let script = """
        <script>
        window.addEventListener('load', () => {
          const all = [...document.querySelectorAll('*')];
          const maths = all.filter(e => e.namespaceURI === 'http://www.w3.org/1998/Math/MathML');
          const laidOut = e => { const box = e.getBoundingClientRect(); return box.width > 0 && box.height > 0; };
          const displays = [...document.querySelectorAll('math[display="block"]')];
          const images = [...document.querySelectorAll('main img')];
          const column = document.querySelector('main').getBoundingClientRect();
          const result = {
            mathElements: maths.length,
            mathMLElements: maths.filter(e => e instanceof MathMLElement).length,
            displays: displays.length,
            displaysLaidOut: displays.filter(laidOut).length,
            fractionsLaidOut: [...document.querySelectorAll('mfrac')].filter(e => e instanceof MathMLElement && laidOut(e)).length,
            images: images.length,
            imagesLoaded: images.filter(i => i.complete && i.naturalWidth > 0).length,
            imagesWiderThanColumn: images.filter(i => i.getBoundingClientRect().right > column.right + 1).length,
            textLength: document.querySelector('main').innerText.length,
            mainLeft: column.left, mainTop: column.top, mainRight: column.right, mainBottom: column.bottom,
          };
          const target = document.querySelector(':target');
          const row = target && target.closest('tr');
          if (row) {
            result.targetRowBackground = getComputedStyle(row).backgroundColor;
            result.nextRowBackground = row.nextElementSibling && getComputedStyle(row.nextElementSibling).backgroundColor;
          }
          const output = document.createElement('pre');
          output.id = 'probe';
          output.textContent = JSON.stringify(result);
          document.body.appendChild(output);
        });
        </script>
        """
        let html = try BuiltSite.page(page).replacingOccurrences(of: "</body>", with: script + "\n</body>")
            .replacingOccurrences(of: "<head>", with: "<head>\n<base href=\"\(site.absoluteString)/\">")
        let folder = URL(fileURLWithPath: TestPackage.temporaryFolder("probe"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let probePage = folder.appendingPathComponent(page)
        try Data(html.utf8).write(to: probePage)
        let address = fragment.flatMap { URL(string: probePage.absoluteString + "#" + $0) } ?? probePage
        let dom = try #require(HeadlessBrowser.installed).dom(of: address, width: window.width, height: window.height)
        let json = try #require(dom.range(of: #"(?<=<pre id="probe">)[^<]*"#, options: .regularExpression).map { String(dom[$0]) },
                                "the probe wrote nothing into \(page)'s DOM")
        return try JSONDecoder().decode(Probe.self, from: Data(json.replacingOccurrences(of: "&amp;", with: "&").utf8))
    }

    @Test func aChapterPageShowsItsMathsAsLaidOutMathMLAndItsFiguresWithinTheColumn() throws {
        let html = try BuiltSite.page("chapter12.html")
        let probe = try Self.probe("chapter12.html")
        #expect(probe.mathElements > 100 && probe.mathMLElements == probe.mathElements, "\(probe)")
        #expect(probe.displays == occurrences(of: "<math display=\"block\"", in: html) && probe.displaysLaidOut == probe.displays, "\(probe)")
        #expect(probe.fractionsLaidOut > 0, "\(probe)")
        #expect(probe.images >= 4 && probe.imagesLoaded == probe.images && probe.imagesWiderThanColumn == 0, "\(probe)")
        #expect(probe.textLength > 10_000, "\(probe)")
    }

    /// The ledger links to `chapterNN.html#check-n-k`; arriving there lights that row and no other.
    @Test func aLedgerLinkLightsTheRowOfItsCheck() throws {
        let probe = try Self.probe("chapter12.html", fragment: CheckLedger.anchor(chapter: 12, index: 2))
        let lit = try #require(probe.targetRowBackground, "no table row holds the target: \(probe)")
        #expect(lit != "rgba(0, 0, 0, 0)" && lit != probe.nextRowBackground, "\(probe)")
    }

    @Test(arguments: ["index.html", "ledger.html"])
    func theFrontPageAndTheLedgerHaveText(page: String) throws {
        let probe = try Self.probe(page)
        #expect(probe.textLength > 2_000, "\(probe)")
    }

    @Test(arguments: ["chapter12.html", "index.html", "ledger.html"])
    func theTextColumnOfAScreenshotIsNotBlank(page: String) throws {
        let site = try BuiltSite.folder.get()
        let probe = try Self.probe(page)
        let shot = URL(fileURLWithPath: TestPackage.temporaryFolder("screenshot") + ".png")
        defer { try? FileManager.default.removeItem(at: shot) }
        try #require(HeadlessBrowser.installed).screenshot(of: site.appendingPathComponent(page), to: shot,
                                                           width: Self.window.width, height: Self.window.height)
        // Only the text column counts: the header, the sidebar and the footer alone must not pass for a page.
        // The column must reach past the window, and the part inside it must be inked like text: the built
        // pages measure 0.12 (index, ledger) to 0.26 (chapter 12) in hundreds of shades; a page whose column
        // holds only its title is 150 pixels tall (and its window, footer included, measures 0.05).
        #expect(probe.mainBottom > Double(Self.window.height), "\(page): the text column ends at \(probe.mainBottom) px")
        let ink = try InkMeasure(png: shot, left: Int(probe.mainLeft), top: Int(probe.mainTop), right: Int(probe.mainRight),
                                 bottom: Int(probe.mainBottom))
        #expect(ink.inkShare > 0.08 && ink.colours > 100, "\(page): \(ink.inkShare) of the column inked, \(ink.colours) colours")
    }
}
