import TensorCore
import Autodiff
import NeuralLayers

/// MADE, the masked autoencoder for distribution estimation (Germain et al. 2015): one
/// multilayer perceptron whose weight masks make output d see only the dimensions that
/// come before d in a fixed order, so that its outputs are the conditionals of the chain
/// rule
///
///   p(x) = ∏_d p(x_d | x_<d)
///
/// all at once. Training evaluates every conditional in one network pass (teacher
/// forcing: the true x_<d are fed in), which is what makes MADE cheap to train; sampling
/// must instead run the network once per dimension, because x_d can only be drawn after
/// x_<d.
///
/// Two kinds of data:
/// - **binary** (`categories == 2`): x ∈ {0, 1}^D is fed as it is, and each dimension
///   gets one logit ℓ_d with p(x_d = 1 | x_<d) = σ(ℓ_d);
/// - **categorical** (`categories` = K > 2): x_d ∈ {0, …, K − 1} (integers stored as
///   floats) is fed as a one-hot code of K columns, and each dimension gets K logits with
///   p(x_d = k | x_<d) = softmax(ℓ_{·,d})_k. This is the prior over VQ-VAE code indices.
///
/// Layout: like `MaskedLinear.autoregressiveMasks`, per-dimension columns come in blocks
/// of D, so column k·D + d of the one-hot input (and of the logits) belongs to category k
/// of dimension d. Reshaped to `[n, K, D]`, axis 1 is the category.
///
/// The paper's direct input-to-output connections are left out: the hidden layers alone
/// can represent every conditional, and one kind of layer keeps the masks easy to check.
public final class MADE: Layer {
    /// D, the number of dimensions of a data point.
    public let dimension: Int
    /// K, the number of values a dimension takes; 2 means binary, with one logit per dimension.
    public let categories: Int
    /// `order[d]` is the position (1…D) of dimension d in the autoregressive order, its
    /// degree in the paper: dimension d is modelled given the dimensions of smaller order.
    public let order: [Int]
    /// The non-linearity after each hidden layer.
    public let activation: Activation
    /// The masked layers, from the inputs through the hidden layers to the logits.
    public let layers: [MaskedLinear]

    /// A MADE with the masks of Germain et al. (eqs. 12–13) for `order`.
    ///
    /// - Parameters:
    ///   - dimension: D.
    ///   - categories: K ≥ 2 values per dimension (2: binary data, one logit each).
    ///   - hiddenSizes: the hidden widths, e.g. `[512]`; use at least D − 1 units per layer
    ///     so that every degree 1…D − 1 is present. May be empty: a linear autoregressive
    ///     model (a fully visible sigmoid belief net for binary data).
    ///   - order: a permutation of 1…D, `order[d]` being dimension d's position; the natural
    ///     order 1, 2, …, D if nil.
    public convenience init(dimension: Int, categories: Int = 2, hiddenSizes: [Int], order: [Int]? = nil,
                            activation: Activation = .relu, using generator: inout RandomGenerator) {
        require(dimension > 0, "A MADE needs a positive dimension, got \(dimension).")
        require(categories >= 2, "A MADE needs at least 2 categories per dimension, got \(categories).")
        let order = order ?? Array(1...dimension)
        let perDimension = categories == 2 ? 1 : categories
        let masks = MaskedLinear.autoregressiveMasks(inputDegrees: order, hiddenSizes: hiddenSizes,
                                                     outputsPerInput: perDimension, inputsPerDimension: perDimension)
        self.init(dimension: dimension, categories: categories, order: order, masks: masks, activation: activation,
                  using: &generator)
    }

    /// A MADE with any masks of the right shapes. The ordinary initialiser builds the right
    /// ones; this one exists to show what a wrong mask breaks (an output layer with ≥
    /// instead of >, say, lets ℓ_d see x_d, and the conditionals stop being a distribution).
    ///
    /// - Parameter masks: `[inputSize, h₁], [h₁, h₂], …, [h_L, outputSize]`, with inputSize
    ///   and outputSize D (binary) or K·D (categorical).
    public init(dimension: Int, categories: Int, order: [Int], masks: [Tensor], activation: Activation = .relu,
                using generator: inout RandomGenerator) {
        require(dimension > 0 && categories >= 2, "A MADE needs D ≥ 1 and K ≥ 2, got D = \(dimension), K = \(categories).")
        require(order.sorted() == Array(1...dimension), "A MADE's order must be a permutation of 1…\(dimension), got \(order).")
        let width = dimension * (categories == 2 ? 1 : categories)
        require(!masks.isEmpty && masks.first!.shape[0] == width && masks.last!.shape[1] == width,
                "A MADE over D = \(dimension), K = \(categories) needs masks from \(width) inputs to \(width) outputs.")
        for (lower, upper) in zip(masks, masks.dropFirst()) {
            require(lower.shape[1] == upper.shape[0], "Consecutive MADE masks must chain, got \(lower.shape) then \(upper.shape).")
        }
        self.dimension = dimension
        self.categories = categories
        self.order = order
        self.activation = activation
        layers = masks.enumerated().map { index, mask in
            MaskedLinear(mask: mask, name: "made.layer\(index)", using: &generator)
        }
    }

    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    /// Whether the data are binary (one logit per dimension) rather than categorical.
    public var isBinary: Bool { categories == 2 }
    /// Network columns per dimension, in and out: 1 for binary data, K for categorical.
    public var columnsPerDimension: Int { isBinary ? 1 : categories }
    /// The network's input and output width: D or K·D.
    public var width: Int { dimension * columnsPerDimension }
    /// The dimensions in the order they are generated: the one of order 1 first.
    public var dimensionsInOrder: [Int] { order.indices.sorted { order[$0] < order[$1] } }

    /// The network's input for data `x` (`[n, D]`): x itself for binary data, the one-hot
    /// code `[n, K·D]` (column k·D + d is 1 when x_d = k) for categorical data.
    public func encode(_ x: Tensor) -> Tensor {
        require(x.rank == 2 && x.shape[1] == dimension, "MADE takes data [n, \(dimension)], got \(x.shape).")
        require(x.scalars.allSatisfy { $0 >= 0 && $0 < Float(categories) && $0 == $0.rounded() },
                "MADE's data must be integers 0…\(categories - 1) stored as floats.")
        if isBinary { return x }
        var code = Tensor.zeros([x.rowCount, width])
        for row in 0..<x.rowCount {
            for d in 0..<dimension {
                code.scalars[row * width + Int(x.scalars[row * dimension + d]) * dimension + d] = 1
            }
        }
        return code
    }

    /// The logits on a tape, `[n, D]` (binary) or `[n, K·D]` (categorical), from the
    /// network's input `encode(x)` as a variable; taking the encoded input lets a caller
    /// differentiate with respect to it (`inputOutputJacobian(at:)` does).
    public func logits(encoded input: Variable) -> Variable {
        var hidden = input
        for (index, layer) in layers.enumerated() {
            hidden = index < layers.count - 1 ? activation(layer(hidden)) : layer(hidden)
        }
        return hidden
    }

    /// The logits of data `x` (`[n, D]`) without a tape: one pass gives every conditional.
    public func logits(_ x: Tensor) -> Tensor {
        forward(encode(x), through: layers.map { ($0.weight.value * $0.mask, $0.bias.value) })
    }

    /// The network on plain tensors with its masked weights W ⊙ M already formed (sampling
    /// forms them once for its D passes).
    func forward(_ input: Tensor, through layers: [(weight: Tensor, bias: Tensor)]) -> Tensor {
        var hidden = input
        for (index, layer) in layers.enumerated() {
            hidden = Tensor.affine(hidden, weight: layer.weight, bias: layer.bias,
                                   activation: index < layers.count - 1 ? activation : .identity)
        }
        return hidden
    }
}
