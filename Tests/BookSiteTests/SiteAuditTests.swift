@testable import BookSite
import Foundation
import Testing
import TestSupport

/// The audit that every build of the site must pass finds each kind of fault.
struct SiteAuditTests {
    static func site(_ pages: [String: String]) throws -> URL {
        let site = URL(fileURLWithPath: TestPackage.temporaryFolder("audit"))
        try FileManager.default.createDirectory(at: site.appendingPathComponent("figures"), withIntermediateDirectories: true)
        try Data().write(to: site.appendingPathComponent("figures/a.png"))
        for (name, text) in pages { try Data(text.utf8).write(to: site.appendingPathComponent(name)) }
        return site
    }

    static let sound = """
    <p id="top"><a href="b.html#end">next</a> <img src="figures/a.png" alt="x"> <a href="https://example.org/x">out</a></p>
    <math display="block"><mfrac><mi>a</mi><mi>b</mi></mfrac><annotation encoding="application/x-tex">\\frac{a}{b}</annotation></math>
    <pre><code>let cost = "$$" + "\\\\frac"</code></pre><figure><img src="figures/a.png" alt="Samples at t = 0.5"><figcaption><p>Samples at t = 0.5</p></figcaption></figure>
    <p>The <em>simulation</em> is (<em>exact</em>), “<em>quoted</em>”, the <em>k</em>-th and <em>n.k</em>.</p>
    """

    @Test func aSoundSitePasses() throws {
        let site = try Self.site(["a.html": Self.sound, "b.html": "<p id=\"end\"><a href=\"a.html#top\">back</a></p>"])
        #expect(SiteAudit.problems(in: site) == [])
    }

    @Test(arguments: [
        ("<a href=\"c.html\">x</a>", "does not exist"),
        ("<a href=\"b.html#nowhere\">x</a>", "an anchor that page does not have"),
        ("<a href=\"#nowhere\">x</a>", "an anchor that page does not have"),
        ("<img src=\"figures/missing.png\">", "does not exist"),
        ("<p>$$ x $$</p>", "raw TeX ($$)"),
        ("<p>\\frac{a}{b}</p>", "TeX command \\frac"),
        ("<p>\\mathbb{E}</p>", "TeX command \\mathbb"),
        ("<p><em>Samples at t = 0.5</em></p>", "caption “Samples at t = 0.5” 2 times"),
        ("<p>because ∇<em>θ log Z = −𝔼</em>{p}</p>", "emphasis starting or ending inside a word (∇<em>)"),
        ("<p>ends in</em>{p}</p>", "emphasis starting or ending inside a word (</em>{)"),
    ])
    func eachFaultIsFound(fault: String, complaint: String) throws {
        let site = try Self.site(["a.html": Self.sound + fault, "b.html": "<p id=\"end\"></p>"])
        let problems = SiteAudit.problems(in: site)
        #expect(problems.count == 1 && problems[0].hasPrefix("a.html") && problems[0].contains(complaint), "\(problems)")
    }
}
