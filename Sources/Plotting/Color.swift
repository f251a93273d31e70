/// An RGBA colour with components in [0, 1].
public struct Color: Equatable, Sendable {
    public var red: Double
    public var green: Double
    public var blue: Double
    public var alpha: Double

    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// A colour from a 0xRRGGBB literal.
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(red: Double((hex >> 16) & 0xFF) / 255, green: Double((hex >> 8) & 0xFF) / 255,
                  blue: Double(hex & 0xFF) / 255, alpha: alpha)
    }

    /// The same colour with another opacity.
    public func withAlpha(_ alpha: Double) -> Color { Color(red: red, green: green, blue: blue, alpha: alpha) }

    /// Relative luminance (Rec. 709 weights on linearised sRGB), used to pick
    /// readable label colours and to test colour maps.
    public var luminance: Double {
        func linear(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    public static let black = Color(hex: 0x000000)
    public static let white = Color(hex: 0xFFFFFF)
    public static let darkGray = Color(hex: 0x333333)
    public static let gray = Color(hex: 0x888888)
    public static let lightGray = Color(hex: 0xDDDDDD)

    /// Okabe & Ito's qualitative palette, designed to stay distinguishable for
    /// the common forms of colour blindness; ordered so that neighbours also
    /// differ in lightness (readable in greyscale print).
    public static let cycle: [Color] = [
        Color(hex: 0x0072B2),  // blue            (relative luminance 0.15)
        Color(hex: 0xE69F00),  // orange          (0.42)
        Color(hex: 0x009E73),  // bluish green    (0.26)
        Color(hex: 0x56B4E9),  // sky blue        (0.41)
        Color(hex: 0xD55E00),  // vermilion       (0.22)
        Color(hex: 0xCC79A7),  // reddish purple  (0.29)
        Color(hex: 0xF0E442),  // yellow
        Color(hex: 0x000000),  // black
    ]

    /// Ten distinguishable colours for categorical data with ten classes (the
    /// digits): the qualitative cycle extended with two further hues.
    public static let tenClasses: [Color] = [
        Color(hex: 0x0072B2), Color(hex: 0xE69F00), Color(hex: 0x009E73), Color(hex: 0xCC79A7), Color(hex: 0x56B4E9),
        Color(hex: 0xD55E00), Color(hex: 0xF0E442), Color(hex: 0x000000), Color(hex: 0x999999), Color(hex: 0x882255),
    ]

    /// The `index`-th colour of the cycle (wrapping).
    public static func cycle(_ index: Int) -> Color { cycle[((index % cycle.count) + cycle.count) % cycle.count] }
}

import Foundation
