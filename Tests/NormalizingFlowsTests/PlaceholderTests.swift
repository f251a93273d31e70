import Testing
@testable import NormalizingFlows

@Test func moduleBuilds() {}
