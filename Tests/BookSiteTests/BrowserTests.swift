import BookSite
import Foundation
import Testing
import TestSupport

/// The built pages opened in headless Chromium: the maths are MathML
/// elements with a layout, the figures load and fit the column, and the
/// pages are not blank.
@Suite(.enabled(if: BuiltSite.pandoc != nil && HeadlessBrowser.installed != nil,
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
    }

    /// A copy of `page` beside it with a script that measures the loaded page and writes the result into the DOM.
    /// (The site itself has no scripts; the probe exists only for the test.)
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
        let probePage = site.appendingPathComponent("probe-\(UUID().uuidString).html")
        try Data(html.utf8).write(to: probePage)
        defer { try? FileManager.default.removeItem(at: probePage) }
        let address = fragment.flatMap { URL(string: probePage.absoluteString + "#" + $0) } ?? probePage
        let dom = try #require(HeadlessBrowser.installed).dom(of: address)
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
    func aScreenshotIsNotBlank(page: String) throws {
        let site = try BuiltSite.folder.get()
        let shot = URL(fileURLWithPath: TestPackage.temporaryFolder("screenshot") + ".png")
        try #require(HeadlessBrowser.installed).screenshot(of: site.appendingPathComponent(page), to: shot)
        let ink = try InkMeasure(png: shot)
        // Text on a white page covers a few per cent of it and is drawn in hundreds of anti-aliased shades.
        #expect(ink.inkShare > 0.02 && ink.colours > 50, "\(page): \(ink.inkShare) of the pixels inked, \(ink.colours) colours")
    }
}
