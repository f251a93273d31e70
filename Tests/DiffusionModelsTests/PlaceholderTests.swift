import Testing
@testable import DiffusionModels

@Test func moduleBuilds() {}
