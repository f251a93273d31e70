extension Tensor {
    /// A tensor of the given shape filled with `value`.
    public init(repeating value: Float, shape: [Int]) {
        self.init(shape: shape, scalars: [Float](repeating: value, count: shape.reduce(1, *)))
    }

    /// All zeros.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }
    /// All ones.
    public static func ones(_ shape: [Int]) -> Tensor { Tensor(repeating: 1, shape: shape) }
    /// Every element equal to `value`.
    public static func full(_ shape: [Int], _ value: Float) -> Tensor { Tensor(repeating: value, shape: shape) }

    /// `start, start + step, …` up to but excluding `end` (like NumPy's arange).
    public static func arange(_ start: Float, _ end: Float, step: Float = 1) -> Tensor {
        require(step != 0, "arange needs a non-zero step.")
        let count = Swift.max(0, Int(((end - start) / step).rounded(.up)))
        return Tensor((0..<count).map { start + Float($0) * step })
    }

    /// `count` evenly spaced values from `start` to `end`, both included.
    public static func linspace(_ start: Float, _ end: Float, count: Int) -> Tensor {
        require(count >= 1, "linspace needs at least one point, got \(count).")
        if count == 1 { return Tensor([start]) }
        let step = (Double(end) - Double(start)) / Double(count - 1)
        return Tensor((0..<count).map { Float(Double(start) + Double($0) * step) })
    }

    /// The `size`×`size` identity matrix.
    public static func identity(_ size: Int) -> Tensor {
        var result = Tensor.zeros([size, size])
        for index in 0..<size { result.scalars[index * size + index] = 1 }
        return result
    }

    /// A tensor of zeros with the same shape as this one.
    public var zerosLike: Tensor { Tensor.zeros(shape) }
    /// A tensor of ones with the same shape as this one.
    public var onesLike: Tensor { Tensor.ones(shape) }
}
