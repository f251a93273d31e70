import TensorCore

/// An operation as its differentiable pullback sees it: the inputs and the
/// output re-made as variables of the tape, so the pullback's formula can be
/// written with recorded operations (and so differentiated again).
public struct RecordedOperation {
    /// The operation's inputs, in the order they were recorded.
    public let inputs: [Variable]
    /// The operation's result.
    public let output: Variable
    /// Which inputs lie on a path to a requested gradient; the pullback may
    /// return nil for the others.
    public let needed: [Bool]
}

extension Tape {
    /// Gradients of `output` with respect to `inputs`, computed by a backward
    /// pass that is itself recorded on this tape, so the gradients are
    /// variables that later operations, and a later `gradients(of:…)`, can use.
    ///
    /// This is what a gradient penalty ‖∇ₓD(x)‖² (WGAN-GP), the exact
    /// divergence Σⱼ ∂sⱼ/∂xⱼ of score matching, or a Hessian–vector product
    /// needs: the loss is a function of a gradient, and its own gradient with
    /// respect to the parameters is a second derivative.
    ///
    /// - Parameters:
    ///   - output: the value to differentiate; a scalar needs no seed.
    ///   - seed: the vector v of the vector–Jacobian product vᵀ·∂output/∂inputs
    ///     (a constant); required when `output` is not a scalar.
    ///   - inputs: the variables to differentiate with respect to. One that
    ///     `output` does not depend on gets a constant zero gradient.
    /// - Precondition: every operation between `inputs` and `output` has a
    ///   differentiable pullback (convolutions, for one, do not).
    public func differentiableGradients(of output: Variable, seed: Tensor? = nil, withRespectTo inputs: [Variable]) -> [Variable] {
        require(output.tape === self, "differentiableGradients: the output lives on another tape.")
        require(seed != nil || output.value.count == 1,
                "differentiableGradients needs a seed for the non-scalar output of shape \(output.shape).")
        let seed = seed ?? Tensor(shape: output.shape, scalars: [1])
        require(seed.shape == output.shape, "Seed shape \(seed.shape) does not match output shape \(output.shape).")
        let requested = Set(inputs.map(\.index))

        // Only entries on a path from a requested input need an adjoint. Unlike
        // training, where every parameter wants a gradient, skipping the rest
        // here matters: each skipped pullback is operations not recorded and
        // never differentiated again.
        var onPath = [Bool](repeating: false, count: output.index + 1)
        for index in onPath.indices where entries[index].needsGradient {
            onPath[index] = requested.contains(index) || entries[index].inputs.contains { onPath[$0] }
        }

        var adjoints = [Variable?](repeating: nil, count: output.index + 1)
        adjoints[output.index] = constant(seed)
        for index in stride(from: output.index, through: 0, by: -1) where onPath[index] {
            guard let adjoint = adjoints[index] else { continue }
            let entry = entries[index]
            if entry.pullback == nil { continue }  // a leaf
            require(entry.differentiablePullback != nil,
                    "differentiableGradients reached \(entry.name), which has no differentiable pullback, so second derivatives through it are not available.")
            let pullback = entry.differentiablePullback!
            let needed = entry.inputs.map { onPath[$0] }
            let operation = RecordedOperation(
                inputs: entry.inputs.map { recordedVariable(at: $0) }, output: recordedVariable(at: index), needed: needed)
            let inputGradients = pullback(adjoint, operation)
            for (position, inputIndex) in entry.inputs.enumerated() where needed[position] {
                guard let gradient = inputGradients[position] else { continue }
                require(
                    gradient.shape == entries[inputIndex].shape,
                    "Internal error: the differentiable pullback of \(entry.name) returned shape \(gradient.shape) for an input of shape \(entries[inputIndex].shape)."
                )
                adjoints[inputIndex] = adjoints[inputIndex].map { $0 + gradient } ?? gradient
            }
            if !requested.contains(index) { adjoints[index] = nil }
        }
        return inputs.map { input in
            (input.index < adjoints.count ? adjoints[input.index] : nil) ?? constant(Tensor.zeros(entries[input.index].shape))
        }
    }

    /// Gradients of the scalar `output` with respect to parameters used on this
    /// tape, recorded so that a penalty on them (‖∇θL‖², say) can be
    /// differentiated again. A parameter not used on the tape gets zeros.
    public func differentiableGradients(of output: Variable, for parameters: [Parameter]) -> [Variable] {
        differentiableGradients(of: output, withRespectTo: leaves(for: parameters))
    }
}
