import TensorCore

/// The record of a computation, for reverse-mode automatic differentiation.
///
/// Every operation on `Variable`s appends one entry to the tape: the value it
/// produced, the indices of its inputs, and a *pullback* — a closure that maps
/// the gradient of the final scalar with respect to this value to gradients
/// with respect to the inputs (the vector–Jacobian product). Because entries
/// are appended in evaluation order, walking the tape backwards visits every
/// value after everything that used it, which is all reverse mode needs: no
/// graph search, no topological sort.
///
/// Each entry may also carry a *differentiable pullback*: the same
/// vector–Jacobian product written with `Variable` operations, so that a
/// backward pass can itself be recorded and differentiated again (see
/// `differentiableGradients(of:seed:withRespectTo:)`). First-order training
/// only ever runs the fast `Tensor` pullbacks.
///
/// A tape is used once: build a fresh one per training step.
public final class Tape {
    /// A pullback receives the output gradient and which inputs need a
    /// gradient, and returns one gradient (or nil) per input.
    public typealias Pullback = (_ outputGradient: Tensor, _ needed: [Bool]) -> [Tensor?]

    /// The vector–Jacobian product written with recorded operations: it
    /// receives the output gradient as a variable and the operation's inputs
    /// and output re-made from the tape, and returns one gradient (or nil)
    /// per input. It must capture no `Variable` (a variable holds its tape).
    public typealias DifferentiablePullback = (_ outputGradient: Variable, _ operation: RecordedOperation) -> [Variable?]

    struct Entry {
        let inputs: [Int]
        let pullback: Pullback?
        let differentiablePullback: DifferentiablePullback?
        let needsGradient: Bool
        // Kept so that a differentiable pullback can be handed its inputs and
        // output as variables; most values are held by some pullback anyway.
        let value: Tensor
        let name: StaticString
        var shape: [Int] { value.shape }
    }

    private(set) var entries: [Entry] = []
    private var parameterEntries: [ObjectIdentifier: Int] = [:]

    public init() {}

    /// The number of recorded values (leaves and operation results).
    public var count: Int { entries.count }

    /// Records a leaf. `requiresGradient` is true for values we will ask the
    /// gradient for (parameters, or inputs when we want ∇ₓ of an energy).
    public func variable(_ value: Tensor, requiresGradient: Bool = true) -> Variable {
        entries.append(Entry(inputs: [], pullback: nil, differentiablePullback: nil, needsGradient: requiresGradient, value: value, name: "leaf"))
        return Variable(tape: self, index: entries.count - 1, value: value)
    }

    /// Records a leaf that no gradient flows into (data, fixed noise).
    public func constant(_ value: Tensor) -> Variable {
        variable(value, requiresGradient: false)
    }

    /// The leaf for a trainable parameter; asking twice on the same tape gives
    /// the same leaf, so a parameter used in several places accumulates one gradient.
    public func parameter(_ parameter: Parameter) -> Variable {
        if let index = parameterEntries[ObjectIdentifier(parameter)] {
            return Variable(tape: self, index: index, value: parameter.value)
        }
        let leaf = variable(parameter.value)
        parameterEntries[ObjectIdentifier(parameter)] = leaf.index
        return leaf
    }

    /// Records the result of an operation with its pullback and, optionally,
    /// its differentiable pullback. If no input needs a gradient, the result is
    /// recorded as a constant and both pullbacks are dropped.
    ///
    /// - Parameter name: names the operation in the message that stops a
    ///   differentiable backward pass reaching an operation without a
    ///   differentiable pullback.
    public func record(
        _ value: Tensor, inputs: [Variable], name: StaticString = "a custom operation",
        pullback: @escaping Pullback, differentiablePullback: DifferentiablePullback? = nil
    ) -> Variable {
        for input in inputs {
            require(input.tape === self, "An operation mixes variables from two different tapes.")
        }
        let needs = inputs.contains { entries[$0.index].needsGradient }
        entries.append(Entry(
            inputs: inputs.map(\.index), pullback: needs ? pullback : nil,
            differentiablePullback: needs ? differentiablePullback : nil,
            needsGradient: needs, value: value, name: name))
        return Variable(tape: self, index: entries.count - 1, value: value)
    }

    /// The variable recorded at `index`, re-made from the stored value.
    func recordedVariable(at index: Int) -> Variable {
        Variable(tape: self, index: index, value: entries[index].value)
    }

    /// Gradients of the scalar `output` with respect to each of `inputs`.
    ///
    /// An input the output does not depend on gets a zero gradient of its shape.
    public func gradients(of output: Variable, withRespectTo inputs: [Variable]) -> [Tensor] {
        require(output.value.count == 1, "gradients(of:) needs a scalar output, got shape \(output.value.shape).")
        return gradients(of: output, seed: Tensor(shape: output.value.shape, scalars: [1]), withRespectTo: inputs)
    }

    /// Vector–Jacobian product: the gradient of Σ seed ⊙ output with respect to `inputs`.
    public func gradients(of output: Variable, seed: Tensor, withRespectTo inputs: [Variable]) -> [Tensor] {
        require(seed.shape == output.value.shape, "Seed shape \(seed.shape) does not match output shape \(output.value.shape).")
        var adjoints = [Tensor?](repeating: nil, count: output.index + 1)
        let requested = Set(inputs.map(\.index))
        adjoints[output.index] = seed
        for index in stride(from: output.index, through: 0, by: -1) {
            guard let adjoint = adjoints[index], let pullback = entries[index].pullback else { continue }
            let inputIndices = entries[index].inputs
            let needed = inputIndices.map { entries[$0].needsGradient }
            let inputGradients = pullback(adjoint, needed)
            for (position, inputIndex) in inputIndices.enumerated() where needed[position] {
                guard let gradient = inputGradients[position] else { continue }
                require(
                    gradient.shape == entries[inputIndex].shape,
                    "Internal error: a pullback returned shape \(gradient.shape) for an input of shape \(entries[inputIndex].shape)."
                )
                if adjoints[inputIndex] == nil { adjoints[inputIndex] = gradient } else { adjoints[inputIndex]! += gradient }
            }
            if !requested.contains(index) { adjoints[index] = nil }  // free memory early
        }
        return inputs.map { input in
            (input.index < adjoints.count ? adjoints[input.index] : nil) ?? Tensor.zeros(entries[input.index].shape)
        }
    }

    /// Gradients of the scalar `output` with respect to parameters used on this tape.
    public func gradients(of output: Variable, for parameters: [Parameter]) -> [Tensor] {
        gradients(of: output, withRespectTo: leaves(for: parameters))
    }

    /// The leaves of `parameters` on this tape; a parameter not used here gets
    /// a fresh constant, hence a zero gradient.
    func leaves(for parameters: [Parameter]) -> [Variable] {
        parameters.map { parameter in
            if let index = parameterEntries[ObjectIdentifier(parameter)] {
                return Variable(tape: self, index: index, value: parameter.value)
            }
            return constant(Tensor.zeros(parameter.value.shape))
        }
    }
}

/// A value recorded on a tape. Arithmetic on variables records operations.
public struct Variable {
    /// The tape this value lives on.
    public let tape: Tape
    /// Its position on the tape.
    public let index: Int
    /// The value computed in the forward pass.
    public let value: Tensor

    /// The shape of the value.
    public var shape: [Int] { value.shape }
}

/// A trainable tensor owned by a layer. It is a class so that layers,
/// optimisers and the tape can all refer to the same parameter.
public final class Parameter {
    /// The current value, updated in place by optimisers.
    public var value: Tensor
    /// A human-readable name, e.g. "encoder.layer1.weight", used in files and messages.
    public var name: String

    public init(_ value: Tensor, name: String = "") {
        self.value = value
        self.name = name
    }
}
