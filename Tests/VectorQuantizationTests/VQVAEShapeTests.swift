import Testing
import TensorCore
import Autodiff
import VectorQuantization

/// The VQ-VAE's encoder, decoder and code grids: the tape and tape-free paths agree, the
/// shapes and ranges are right, and the code grids are the nearest codes, found by brute force.
struct VQVAEShapeTests {
    static let (codeCount, dimension, images) = (8, 3, 3)

    static func model(seed: UInt64 = 61) -> VQVAE {
        var generator = RandomGenerator(seed: seed)
        return VQVAE(codeCount: codeCount, codeDimension: dimension, channels: 8, codebookScale: 0.5, using: &generator)
    }

    static func maximumGap(_ a: Tensor, _ b: Tensor) -> Float { zip(a.scalars, b.scalars).map { abs($0 - $1) }.max()! }

    @Test func encoderOutputsAgreeOnAndOffTheTape() {
        let model = Self.model(), x = TestData.images(Self.images, seed: 62)
        let plain = model.encoderOutputs(x)
        let taped = model.encoderOutputs(Tape().constant(x)).value
        #expect(plain.shape == [Self.images * VQVAE.positions, Self.dimension])
        #expect(taped.shape == plain.shape)
        #expect(Self.maximumGap(plain, taped) <= 1e-5, "gap \(Self.maximumGap(plain, taped))")
        #expect(plain.scalars.allSatisfy { $0.isFinite })
    }

    @Test func decoderOutputsAgreeOnAndOffTheTape() {
        let model = Self.model(), vectors = TestData.normal([Self.images * VQVAE.positions, Self.dimension], seed: 63)
        let plain = model.decoderOutputs(vectors)
        let taped = model.decoderOutputs(Tape().constant(vectors)).value
        #expect(plain.shape == [Self.images, 64])
        #expect(taped.shape == plain.shape)
        #expect(Self.maximumGap(plain, taped) <= 1e-5, "gap \(Self.maximumGap(plain, taped))")
    }

    @Test func codeGridsAreTheNearestCodesOfEachPosition() {
        let model = Self.model(), x = TestData.images(Self.images, seed: 64)
        let grids = model.codeGrids(x)
        #expect(grids.shape == [Self.images, VQVAE.positions])
        #expect(grids.scalars.allSatisfy { $0 == $0.rounded() && $0 >= 0 && $0 < Float(Self.codeCount) })
        let codes = model.quantizer.nearestCodes(model.encoderOutputs(x))
        #expect(grids.scalars == codes.map(Float.init))
        // Independently: the brute-force nearest code of row image·16 + position.
        let z = TestData.rows(model.encoderOutputs(x)), codebook = TestData.rows(model.quantizer.codebook.value)
        for image in 0..<Self.images {
            for position in 0..<VQVAE.positions {
                let reference = TestData.nearest(z[image * VQVAE.positions + position], codebook: codebook)
                if reference.second - reference.best < 1e-5 { continue }
                #expect(Int(grids.scalars[image * VQVAE.positions + position]) == reference.code)
            }
        }
    }

    @Test func decodedCodeGridsArePixelsInTheUnitInterval() {
        let model = Self.model()
        var generator = RandomGenerator(seed: 65)
        let grids = Tensor(shape: [4, VQVAE.positions], scalars: (0..<(4 * VQVAE.positions)).map { _ in Float(generator.integer(below: Self.codeCount)) })
        let images = model.decode(codeGrids: grids)
        #expect(images.shape == [4, 64])
        #expect(images.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
        // The grid's codes are what the decoder sees.
        let logits = model.decoderOutputs(model.quantizer.vectors(of: grids.scalars.map { Int($0) }))
        #expect(model.decoderOutputs(codeGrids: grids) == logits)
    }

    @Test func termsOnATapeMatchTheQuantiserAndTheBatchSize() {
        let model = Self.model(), x = TestData.images(Self.images, seed: 66)
        let terms = model.terms(x, on: Tape())
        let z = TestData.rows(terms.encoderOutputs), codebook = TestData.rows(model.quantizer.codebook.value)
        // Per image: Σ over its 16 positions of ‖z − e_k‖², averaged over the 3 images.
        let expected = zip(z, terms.codes).reduce(0.0) { $0 + TestData.squaredDistance($1.0, codebook[$1.1]) } / Double(Self.images)
        for term in [terms.codebook, terms.commitment] {
            #expect(abs(Double(term.value.scalars[0]) - expected) <= 1e-5 * expected)
        }
        #expect(terms.codes.count == Self.images * VQVAE.positions)
        #expect(terms.reconstruction.value.scalars[0] > 0)
    }
}
