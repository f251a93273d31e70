/// Named random streams: one seed, many independent generators.
///
/// A chapter draws its random numbers section by section. If every section
/// shared one generator, a single extra draw in section 1 would shift every
/// number after it, and a check in section 5 would change for no reason of its
/// own. Instead each section gets the stream named by its title: the generator
/// is a function of the chapter's seed and the label alone.
///
/// ```swift
/// var data = RandomGenerator(seed: 2026, stream: "1. Forward SDEs")
/// var training = RandomGenerator(seed: 2026, stream: "3. Learning the score")
/// let x = Tensor.normal([100, 2], using: &data)     // does not move `training`
/// ```
extension RandomGenerator {
    /// The generator of stream `stream` under `seed`.
    ///
    /// Seed and stream are each passed through SplitMix64 and the results
    /// combined, so neighbouring seeds or stream numbers give unrelated
    /// generators, and no stream coincides with `RandomGenerator(seed:)`
    /// (SplitMix64 is a bijection, and the stream's mixer starts from a
    /// different point).
    public init(seed: UInt64, stream: UInt64) {
        var seedMixer = SplitMix64(state: seed)
        // The fractional bits of √2: an arbitrary fixed offset that separates the stream mixer from the seed mixer.
        var streamMixer = SplitMix64(state: stream ^ 0x6A09_E667_F3BC_C909)
        self.init(seed: seedMixer.next() ^ streamMixer.next())
    }

    /// The generator of the stream named `label` under `seed`, e.g. a section title.
    ///
    /// The label is hashed with `stableHash(_:)`, never with Swift's `Hasher`,
    /// whose seed changes from process to process.
    public init(seed: UInt64, stream label: String) {
        self.init(seed: seed, stream: RandomGenerator.stableHash(label))
    }

    /// The 64-bit FNV-1a hash of the label's UTF-8 bytes (Fowler, Noll & Vo):
    /// the same number on every machine, Swift version and run.
    public static func stableHash(_ label: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325   // FNV offset basis
        for byte in label.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3         // FNV prime
        }
        return hash
    }
}
