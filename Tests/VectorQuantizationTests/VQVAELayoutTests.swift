import Testing
import TensorCore
import VectorQuantization

/// Row image·16 + 4·row + column of the encoder outputs belongs to grid position (row, column).
/// The first convolution (kernel 4, stride 2, padding 1) lets grid position (oy, ox) see image
/// rows 2oy − 1 … 2oy + 2 and columns 2ox − 1 … 2ox + 2; the layers after it act on each
/// position alone. So changing one pixel can only change the outputs of positions whose
/// window holds it, and of its own image.
struct VQVAELayoutTests {
    /// The grid positions whose 4 × 4 window holds pixel (row, column), worked from the window.
    static func positionsSeeing(row: Int, column: Int) -> Set<Int> {
        var seen = Set<Int>()
        for oy in 0..<4 {
            for ox in 0..<4 where (2 * oy - 1...2 * oy + 2).contains(row) && (2 * ox - 1...2 * ox + 2).contains(column) {
                seen.insert(4 * oy + ox)
            }
        }
        return seen
    }

    @Test func theWindowsWorkedByHand() {
        #expect(Self.positionsSeeing(row: 0, column: 0) == [0])
        #expect(Self.positionsSeeing(row: 0, column: 7) == [3])
        #expect(Self.positionsSeeing(row: 3, column: 3) == [5, 6, 9, 10])
        #expect(Self.positionsSeeing(row: 7, column: 2) == [12, 13])
    }

    @Test(arguments: [(0, 0), (0, 7), (3, 3), (7, 2), (5, 0)])
    func changingOnePixelChangesOnlyThePositionsThatSeeIt(pixel: (row: Int, column: Int)) {
        var generator = RandomGenerator(seed: 71)
        let model = VQVAE(codeCount: 8, codeDimension: 3, channels: 8, codebookScale: 0.5, using: &generator)
        let x = TestData.images(2, seed: 72)
        var changed = x
        let index = 64 + 8 * pixel.row + pixel.column  // image 1
        changed.scalars[index] = x.scalars[index] > 0.5 ? 0 : 1
        let before = TestData.rows(model.encoderOutputs(x)), after = TestData.rows(model.encoderOutputs(changed))
        let seeing = Self.positionsSeeing(row: pixel.row, column: pixel.column)
        for row in 0..<32 {
            let (image, position) = (row / 16, row % 16)
            if image == 1 && seeing.contains(position) {
                #expect(before[row] != after[row], "position \(position) should see pixel \(pixel)")
            } else {
                #expect(before[row] == after[row], "image \(image), position \(position) changed with pixel \(pixel)")
            }
        }
    }

    @Test func changingOnePositionsCodeChangesOnlyTheDecoderPixelsItPaints() {
        // The decoder's transposed convolution (kernel 4, stride 2, padding 1) has grid
        // position (i, j) paint image rows 2i − 1 … 2i + 2 and columns 2j − 1 … 2j + 2.
        var generator = RandomGenerator(seed: 73)
        let model = VQVAE(codeCount: 8, codeDimension: 3, channels: 8, codebookScale: 0.5, using: &generator)
        var grid = [Float](repeating: 2, count: 16)
        let before = model.decoderOutputs(codeGrids: Tensor(shape: [1, 16], scalars: grid))
        grid[6] = 5  // position (1, 2)
        let after = model.decoderOutputs(codeGrids: Tensor(shape: [1, 16], scalars: grid))
        for pixel in 0..<64 {
            let (row, column) = (pixel / 8, pixel % 8)
            let painted = (1...4).contains(row) && (3...6).contains(column)
            if !painted { #expect(before.scalars[pixel] == after.scalars[pixel], "pixel (\(row), \(column))") }
        }
        #expect(before != after)
    }
}
