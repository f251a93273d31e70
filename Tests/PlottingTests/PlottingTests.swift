import Testing
@testable import Plotting

@Test func cairoIsLinked() { #expect(!PlottingVersion.cairo.isEmpty) }
