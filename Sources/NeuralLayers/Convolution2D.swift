/// A 2-D convolution layer over `[N, C, H, W]` images.
public final class Convolution2D: Layer {
    public let weight: Parameter
    public let bias: Parameter
    public let stride: Int
    public let padding: Int

    public init(
        inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
        initializer: Initializer = .heNormal, name: String = "conv", using generator: inout RandomGenerator
    ) {
        let fanIn = inputChannels * kernelSize * kernelSize
        weight = Parameter(initializer.make([outputChannels, inputChannels, kernelSize, kernelSize],
                                            fanIn: fanIn, fanOut: outputChannels * kernelSize * kernelSize, using: &generator),
                           name: "\(name).weight")
        bias = Parameter(Tensor.zeros([outputChannels]), name: "\(name).bias")
        self.stride = stride
        self.padding = padding
    }

    public var parameters: [Parameter] { [weight, bias] }

    public func callAsFunction(_ input: Variable) -> Variable {
        Variable.convolution2D(input, weight: input.tape.parameter(weight), bias: input.tape.parameter(bias), stride: stride, padding: padding)
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        Tensor.convolution2D(input, weight: weight.value, bias: bias.value, stride: stride, padding: padding)
    }
}

/// A 2-D transposed convolution layer (learned upsampling) over `[N, C, H, W]`.
public final class TransposedConvolution2D: Layer {
    public let weight: Parameter
    public let bias: Parameter
    public let stride: Int
    public let padding: Int

    public init(
        inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
        initializer: Initializer = .heNormal, name: String = "deconv", using generator: inout RandomGenerator
    ) {
        weight = Parameter(initializer.make([inputChannels, outputChannels, kernelSize, kernelSize],
                                            fanIn: inputChannels * kernelSize * kernelSize,
                                            fanOut: outputChannels * kernelSize * kernelSize, using: &generator),
                           name: "\(name).weight")
        bias = Parameter(Tensor.zeros([outputChannels]), name: "\(name).bias")
        self.stride = stride
        self.padding = padding
    }

    public var parameters: [Parameter] { [weight, bias] }

    public func callAsFunction(_ input: Variable) -> Variable {
        Variable.transposedConvolution2D(input, weight: input.tape.parameter(weight), bias: input.tape.parameter(bias), stride: stride, padding: padding)
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        Tensor.transposedConvolution2D(input, weight: weight.value, bias: bias.value, stride: stride, padding: padding)
    }
}
