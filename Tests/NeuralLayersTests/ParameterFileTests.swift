import Foundation
import Testing
@testable import NeuralLayers

struct ParameterFileTests {
    func temporaryFolder() -> String {
        let path = NSTemporaryDirectory() + "parameter-file-tests-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func saveAndLoadRoundTripBitForBit() throws {
        var generator = RandomGenerator(seed: 1)
        let source = MLP(sizes: [3, 5, 2], using: &generator)
        let copy = MLP(sizes: [3, 5, 2], using: &generator)
        let path = temporaryFolder() + "/nested/model.params"
        try ParameterFile.save(source.parameters, to: path)
        try ParameterFile.load(into: copy.parameters, from: path)
        for (a, b) in zip(source.parameters, copy.parameters) {
            #expect(a.value.scalars.map(\.bitPattern) == b.value.scalars.map(\.bitPattern))
        }
    }

    @Test func loadingIntoADifferentModelIsRejected() throws {
        var generator = RandomGenerator(seed: 2)
        let path = temporaryFolder() + "/model.params"
        try ParameterFile.save(MLP(sizes: [3, 5, 2], using: &generator).parameters, to: path)
        let wider = MLP(sizes: [3, 6, 2], using: &generator)
        #expect(throws: ParameterFileError.self) { try ParameterFile.load(into: wider.parameters, from: path) }
        do { try ParameterFile.load(into: wider.parameters, from: path) } catch let error as ParameterFileError {
            guard case .mismatch = error else { Issue.record("expected mismatch, got \(error)"); return }
            #expect(error.description.contains("[3, 5]") && error.description.contains("[3, 6]"))
        }
    }

    @Test func missingAndMalformedFilesGiveClearErrors() throws {
        let folder = temporaryFolder()
        let parameters = [Parameter(Tensor([1]), name: "p")]
        #expect(throws: ParameterFileError.cannotRead(path: folder + "/absent", reason: "the file does not exist or is not readable")) {
            try ParameterFile.load(into: parameters, from: folder + "/absent")
        }
        FileManager.default.createFile(atPath: folder + "/garbage", contents: Data("hello".utf8))
        #expect(throws: ParameterFileError.malformed(path: folder + "/garbage", reason: "the header is missing")) {
            try ParameterFile.load(into: parameters, from: folder + "/garbage")
        }
    }

    @Test func unwritableDestinationThrowsAndLeavesNoPartialFile() throws {
        let folder = temporaryFolder()
        let blocker = folder + "/not-a-folder"
        FileManager.default.createFile(atPath: blocker, contents: Data())
        let parameters = [Parameter(Tensor([1, 2]), name: "p")]
        #expect(throws: ParameterFileError.self) { try ParameterFile.save(parameters, to: blocker + "/model.params") }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(leftovers == ["not-a-folder"])
    }
}
