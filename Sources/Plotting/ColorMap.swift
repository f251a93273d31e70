/// A continuous colour map from [0, 1] to colours, by linear interpolation
/// between stops.
public struct ColorMap: Sendable {
    /// (position in [0, 1], colour), positions increasing.
    public let stops: [(Double, Color)]
    /// Whether the map is diverging (centred on a neutral midpoint).
    public let isDiverging: Bool

    public init(stops: [(Double, Color)], isDiverging: Bool = false) {
        precondition(stops.count >= 2, "A colour map needs at least two stops.")
        self.stops = stops
        self.isDiverging = isDiverging
    }

    /// The colour at `t`, clamped to [0, 1]; NaN maps to transparent.
    public func color(at t: Double) -> Color {
        guard t.isFinite else { return Color(red: 0, green: 0, blue: 0, alpha: 0) }
        let t = min(max(t, 0), 1)
        var index = 1
        while index < stops.count - 1 && stops[index].0 < t { index += 1 }
        let (t0, c0) = stops[index - 1], (t1, c1) = stops[index]
        let w = t1 > t0 ? (t - t0) / (t1 - t0) : 0
        return Color(red: c0.red + w * (c1.red - c0.red), green: c0.green + w * (c1.green - c0.green),
                     blue: c0.blue + w * (c1.blue - c0.blue), alpha: c0.alpha + w * (c1.alpha - c0.alpha))
    }

    /// Viridis (van der Walt & Smith): perceptually uniform, monotone in
    /// lightness, readable in greyscale and for colour-blind readers. Stops
    /// are every 16th entry of the published 256-entry table.
    public static let viridis: ColorMap = {
        let values: [(Double, Double, Double)] = [
            (0.2670, 0.0049, 0.3294), (0.2823, 0.0950, 0.4173), (0.2788, 0.1755, 0.4834), (0.2590, 0.2515, 0.5247),
            (0.2297, 0.3224, 0.5457), (0.1994, 0.3876, 0.5546), (0.1727, 0.4488, 0.5579), (0.1490, 0.5081, 0.5573),
            (0.1276, 0.5669, 0.5506), (0.1206, 0.6258, 0.5335), (0.1579, 0.6838, 0.5017), (0.2461, 0.7389, 0.4520),
            (0.3692, 0.7889, 0.3829), (0.5160, 0.8312, 0.2943), (0.6785, 0.8637, 0.1895), (0.8456, 0.8873, 0.0997),
            (0.9932, 0.9062, 0.1439),
        ]
        return ColorMap(stops: values.enumerated().map { index, rgb in
            (index == values.count - 1 ? 1 : Double(index * 16) / 255, Color(red: rgb.0, green: rgb.1, blue: rgb.2))
        })
    }()

    /// A diverging blue–white–red map for signed quantities (errors,
    /// differences), white at the midpoint.
    public static let blueWhiteRed = ColorMap(stops: [
        (0.0, Color(hex: 0x053061)), (0.15, Color(hex: 0x2166AC)), (0.3, Color(hex: 0x4393C3)),
        (0.42, Color(hex: 0x92C5DE)), (0.5, Color(hex: 0xF7F7F7)), (0.58, Color(hex: 0xF4A582)),
        (0.7, Color(hex: 0xD6604D)), (0.85, Color(hex: 0xB2182B)), (1.0, Color(hex: 0x67001F)),
    ], isDiverging: true)

    /// Black to white, for images such as digits.
    public static let grayscale = ColorMap(stops: [(0, .black), (1, .white)])
    /// White to black (ink on paper), the usual way to show digit images.
    public static let inverseGrayscale = ColorMap(stops: [(0, .white), (1, .black)])
}
