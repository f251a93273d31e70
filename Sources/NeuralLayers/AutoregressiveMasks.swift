extension MaskedLinear {
    /// The masks of a MADE network (Germain et al. 2015, §4) over D inputs,
    /// one per layer from the inputs through `hiddenSizes` to the outputs.
    ///
    /// Every unit gets a degree: input i has `inputDegrees[i]` (a permutation
    /// of 1…D, its position in the autoregressive order); hidden unit k of
    /// every layer has degree 1 + (k mod (D − 1)), cycling so each degree
    /// 1…D−1 is present when the layer has at least D − 1 units. A hidden
    /// unit may see units of degree ≤ its own (eq. 12, M = 1[m(k) ≥ m(k′)]);
    /// an output of degree d sees only degrees < d (eq. 13, strict). Every
    /// path from input i to output j then climbs in degree, so output j
    /// depends only on the inputs that come before it in the order, and the
    /// network's Jacobian is triangular.
    ///
    /// - Parameters:
    ///   - inputDegrees: a permutation of 1…D; `Array(1...D)` is the natural order.
    ///   - hiddenSizes: widths of the hidden layers (may be empty).
    ///   - outputsPerInput: outputs per input dimension, laid out as blocks of D
    ///     (e.g. 2 for the mean and log-scale of a Gaussian MADE); output j
    ///     belongs to input j mod D.
    ///   - inputsPerDimension: network inputs per dimension, laid out the same
    ///     way: input column j carries dimension j mod D and has its degree. A
    ///     categorical MADE feeds each dimension as a one-hot code of K columns
    ///     (column k·D + d is 1 when x_d = k), so it passes K here; the default
    ///     1 feeds each dimension as one number.
    /// - Returns: `hiddenSizes.count + 1` masks, each `[inputSize, outputSize]`.
    public static func autoregressiveMasks(inputDegrees: [Int], hiddenSizes: [Int], outputsPerInput: Int = 1,
                                           inputsPerDimension: Int = 1) -> [Tensor] {
        let dimension = inputDegrees.count
        require(dimension > 0 && inputDegrees.sorted() == Array(1...dimension),
                "autoregressiveMasks needs input degrees that are a permutation of 1…D, got \(inputDegrees).")
        require(hiddenSizes.allSatisfy { $0 > 0 } && outputsPerInput > 0 && inputsPerDimension > 0,
                "autoregressiveMasks needs positive hidden sizes, outputs per input and inputs per dimension.")
        // The K columns of one dimension share its degree, so they reach exactly
        // the units the single column would: one-hot coding changes no path.
        let columnDegrees = (0..<(dimension * inputsPerDimension)).map { inputDegrees[$0 % dimension] }
        let hiddenDegrees = hiddenSizes.map { size in (0..<size).map { 1 + $0 % Swift.max(dimension - 1, 1) } }
        let outputDegrees = (0..<(dimension * outputsPerInput)).map { inputDegrees[$0 % dimension] }
        let layerDegrees = [columnDegrees] + hiddenDegrees + [outputDegrees]
        return (0..<(layerDegrees.count - 1)).map { layer in
            let (incoming, outgoing) = (layerDegrees[layer], layerDegrees[layer + 1])
            let isOutputLayer = layer == layerDegrees.count - 2
            return Tensor(shape: [incoming.count, outgoing.count], scalars: incoming.flatMap { from in
                outgoing.map { to in (isOutputLayer ? to > from : to >= from) ? 1 : 0 }
            })
        }
    }
}
