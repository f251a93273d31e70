/// The one visual style of the book's figures.
public enum Style {
    /// Installed by the README's set-up command and by CI (fonts-dejavu-core);
    /// it covers the Greek letters and symbols the book uses (σ, ε, ∇, θ, ᾱ, ‖·‖).
    public static let fontFamily = "DejaVu Sans"
    public static let figureTitleSize = 15.0
    public static let panelTitleSize = 12.0
    public static let labelSize = 11.0
    public static let tickLabelSize = 9.5
    public static let legendSize = 9.5
    public static let frameColor = Color(hex: 0x444444)
    public static let gridColor = Color(hex: 0xE6E6E6)
    public static let textColor = Color(hex: 0x222222)
    public static let frameWidth = 0.8
    /// PNGs are rendered at this many pixels per point, for crisp figures on screens and in print.
    public static let pngScale = 2.0
}
