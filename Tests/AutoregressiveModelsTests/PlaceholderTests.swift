import Testing
@testable import AutoregressiveModels

@Test func moduleBuilds() {}
