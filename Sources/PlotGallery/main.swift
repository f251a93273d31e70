import Foundation
import Plotting
import TensorCore

// The plotting vocabulary at a glance: one panel of every mark the book uses.
// Usage: swift run PlotGallery [output-folder]   (default: figures)

let folder = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "figures"
var generator = RandomGenerator(seed: 2026)
func normals(_ count: Int) -> [Double] { Tensor.normal([count], using: &generator).doubles }

/// A mixture of two Gaussians in 2-D, its log-density and score.
let centres = [(-1.2, -0.6), (1.1, 0.8)]
let spread = 0.55
func logDensity(_ x: Double, _ y: Double) -> Double {
    let terms = centres.map { c in -((x - c.0) * (x - c.0) + (y - c.1) * (y - c.1)) / (2 * spread * spread) }
    let m = terms.max()!
    return m + log(terms.reduce(0) { $0 + exp($1 - m) } / Double(centres.count)) - log(2 * Double.pi * spread * spread)
}
func score(_ x: Double, _ y: Double) -> (Double, Double) {
    let weights = centres.map { c in exp(-((x - c.0) * (x - c.0) + (y - c.1) * (y - c.1)) / (2 * spread * spread)) }
    let total = max(weights.reduce(0, +), 1e-300)
    var (sx, sy) = (0.0, 0.0)
    for (w, c) in zip(weights, centres) { sx += w / total * (c.0 - x) / (spread * spread); sy += w / total * (c.1 - y) / (spread * spread) }
    return (sx, sy)
}
let grid = (0..<80).map { i in (0..<80).map { j in logDensity(-3 + 6 * Double(j) / 79, -3 + 6 * Double(i) / 79) } }

var figure = Figure(rows: 3, columns: 4, width: 1320, height: 930, title: "The plotting vocabulary of the book")

// 1. Scatter with per-class colours and a legend.
figure[0, 0].title = "Scatter: samples x ~ p_data"
let a = normals(400), b = normals(400)
figure[0, 0].scatter(x: (0..<200).map { a[$0] * 0.5 - 1.2 }, y: (0..<200).map { b[$0] * 0.5 - 0.6 }, size: 2.4, label: "mode 1")
figure[0, 0].scatter(x: (200..<400).map { a[$0] * 0.5 + 1.1 }, y: (200..<400).map { b[$0] * 0.5 + 0.8 }, size: 2.4, shape: .triangle, label: "mode 2")
figure[0, 0].xLabel = "x₁"; figure[0, 0].yLabel = "x₂"; figure[0, 0].equalAspect = true
figure[0, 0].legendPosition = .topLeft

// 2. Lines, a step line and a band.
figure[0, 1].title = "Lines, steps, band: ᾱ_t and σ_t"
let ts = (0...100).map { Double($0) / 100 }
let alphaBar = ts.map { exp(-0.5 * $0 * 0.1 - 0.25 * $0 * $0 * 19.9) }
figure[0, 1].band(x: ts, lower: alphaBar.map { max(0, $0 - 0.08) }, upper: alphaBar.map { min(1, $0 + 0.08) }, label: "±0.08")
figure[0, 1].line(x: ts, y: alphaBar, label: "ᾱ_t")
figure[0, 1].line(x: ts, y: alphaBar.map { (1 - $0).squareRoot() }, dashed: true, label: "σ_t = √(1−ᾱ_t)")
figure[0, 1].line(x: (0...10).map { Double($0) / 10 }, y: (0...10).map { 1 - Double($0) / 10 }, width: 1.4, steps: true, label: "step")
figure[0, 1].xLabel = "t"; figure[0, 1].legendPosition = .topRight

// 3. Histogram with its density curve.
figure[0, 2].title = "Histogram vs N(0, 1) density"
figure[0, 2].histogram(normals(5000), bins: 40, range: -4...4, label: "Langevin samples")
figure[0, 2].function({ exp(-$0 * $0 / 2) / (2 * Double.pi).squareRoot() }, over: -4...4, color: .black, label: "p(x)")
figure[0, 2].xLabel = "x"; figure[0, 2].yLabel = "density"

// 4. Bar chart.
figure[0, 3].title = "Bars: codebook usage"
let usage = (0..<16).map { k in exp(-Double(k) / 5) * (k % 5 == 3 ? 0 : 1) }
figure[0, 3].bars(positions: (0..<16).map(Double.init), heights: usage.map { $0 / usage.reduce(0, +) })
figure[0, 3].xLabel = "code k"; figure[0, 3].yLabel = "frequency"

// 5. Heatmap (viridis) with labelled contours and a colour bar.
figure[1, 0].title = "Heatmap + contours: log p(x)"
figure[1, 0].heatmap(values: grid, xRange: -3...3, yRange: -3...3, valueRange: -12...(-1), colorBar: "log p(x)")
figure[1, 0].contour(values: grid, xRange: -3...3, yRange: -3...3, levels: [-8, -5, -3, -2])
figure[1, 0].equalAspect = true

// 6. Diverging heatmap.
figure[1, 1].title = "Diverging map: score error"
let errorGrid = (0..<60).map { i in (0..<60).map { j -> Double in
    let (x, y) = (-3 + 6 * Double(j) / 59, -3 + 6 * Double(i) / 59)
    return sin(1.3 * x) * cos(0.9 * y) * exp(-0.08 * (x * x + y * y)) } }
figure[1, 1].heatmap(values: errorGrid, xRange: -3...3, yRange: -3...3, colorMap: .blueWhiteRed, colorBar: "s_θ − ∇log p")
figure[1, 1].equalAspect = true

// 7. Contour lines alone (an energy landscape), in colour.
figure[1, 2].title = "Contours: energy E_θ(x)"
let energy = (0..<70).map { i in (0..<70).map { j -> Double in
    let (x, y) = (-2 + 4 * Double(j) / 69, -2 + 4 * Double(i) / 69)
    return (x * x - 1) * (x * x - 1) + 0.8 * y * y } }
for (index, level) in [0.1, 0.4, 1.0, 2.0, 4.0].enumerated() {
    figure[1, 2].contour(values: energy, xRange: -2...2, yRange: -2...2, levels: [level], color: Color.cycle(index), width: 1.4)
}
figure[1, 2].xLimits = -2...2; figure[1, 2].yLimits = -2...2; figure[1, 2].equalAspect = true

// 8. Quiver coloured by magnitude, over the density.
figure[1, 3].title = "Quiver: score ∇ₓ log p(x)"
figure[1, 3].heatmap(values: grid.map { $0.map { exp($0) } }, xRange: -3...3, yRange: -3...3, colorMap: .viridis)
var qx: [Double] = [], qy: [Double] = [], qu: [Double] = [], qv: [Double] = []
for i in 0..<15 { for j in 0..<15 {
    let (x, y) = (-2.8 + 5.6 * Double(j) / 14, -2.8 + 5.6 * Double(i) / 14)
    let s = score(x, y)
    qx.append(x); qy.append(y); qu.append(s.0); qv.append(s.1)
} }
figure[1, 3].quiver(x: qx, y: qy, u: qu, v: qv, colorByMagnitude: ColorMap(stops: [(0, Color(hex: 0xFFFFFF)), (1, Color(hex: 0xFF7F50))]))
figure[1, 3].equalAspect = true

// 9. Trajectories of Langevin dynamics over the energy landscape.
figure[2, 0].title = "Trajectories: Langevin, ε = 0.01"
figure[2, 0].heatmap(values: energy.map { $0.map { -$0 } }, xRange: -2...2, yRange: -2...2, colorMap: .viridis, valueRange: -4...0)
for particle in 0..<4 {
    var (x, y) = (-1.6 + 1.05 * Double(particle), 1.6 - 0.9 * Double(particle % 2))
    var xs = [x], ys = [y]
    for _ in 0..<120 {
        let noise = normals(2)
        x += 0.005 * (-4 * x * (x * x - 1)) + 0.1 * noise[0]
        y += 0.005 * (-1.6 * y) + 0.1 * noise[1]
        xs.append(x); ys.append(y)
    }
    figure[2, 0].trajectory(x: xs, y: ys, color: [Color.white, Color(hex: 0xFFB000), Color(hex: 0xFF6F91), Color(hex: 0x9AE6FF)][particle])
}
figure[2, 0].equalAspect = true

// 10. An image grid with row and column labels (procedural "digits").
figure[2, 1].title = "Image grid: samples by class"
var images: [[Double]] = []
for row in 0..<4 { for column in 0..<5 {
    var image = [Double](repeating: 0, count: 64)
    let radius = 2.0 + 0.3 * Double(column % 3)
    for py in 0..<8 { for px in 0..<8 {
        let (dx, dy) = (Double(px) - 3.5, Double(py) - 3.5 + (row == 1 ? 0 : 0))
        let ring = abs((dx * dx + dy * dy).squareRoot() - radius)
        let bar = abs(dx - Double(row - 1))
        let value = row == 0 ? exp(-ring * ring * 2) : (row == 1 ? exp(-bar * bar) * (abs(dy) < 3.6 ? 1 : 0) : exp(-ring * ring * 2) * (dx > Double(row) - 3 ? 1 : 0.2))
        image[py * 8 + px] = min(1, value + 0.15 * normals(1)[0].magnitude * (column == 4 ? 1 : 0))
    } }
    images.append(image)
} }
figure[2, 1].imageGrid(images, imageWidth: 8, imageHeight: 8, columns: 5,
                       rowLabels: ["0", "1", "2", "3"], columnLabels: ["s1", "s2", "s3", "s4", "s5"])

// 11. Annotations and arrows.
figure[2, 2].title = "Annotations: pushing energy up and down"
figure[2, 2].function({ 0.25 * $0 * $0 * $0 * $0 - $0 * $0 + 0.3 * $0 }, over: -2.4...2.4, label: "E_θ(x)")
figure[2, 2].arrow(from: (x: -1.45, y: 1.4), to: (x: -1.45, y: -0.6))
figure[2, 2].text("data: push E down", x: -1.45, y: 1.65, anchor: .above)
figure[2, 2].arrow(from: (x: 0.1, y: -0.9), to: (x: 0.1, y: 0.35), color: Color.cycle(5))
figure[2, 2].text("samples: push E up", x: 0.35, y: -1.25, color: Color.cycle(5), anchor: .below)
figure[2, 2].referenceLine(at: 0)
figure[2, 2].xLabel = "x"; figure[2, 2].yLabel = "energy"; figure[2, 2].yLimits = -2.2...2.3

// 12. Curves with markers, log-style decay and Greek labels.
figure[2, 3].title = "Training curves: ‖∇θ L‖ and loss"
let steps = (0..<60).map { Double($0) * 50 }
let noise = normals(120)
func lossCurve(_ index: Int) -> Double { 1.5 * exp(-Double(index) / 15) + 0.3 }
func gradientCurve(_ index: Int) -> Double { 1.0 * exp(-Double(index) / 25) + 0.5 }
let lossValues: [Double] = (0..<60).map { lossCurve($0) + 0.04 * noise[$0] }
let gradientValues: [Double] = (0..<60).map { gradientCurve($0) + 0.05 * noise[60 + $0] }
let evaluationIndices = Array(stride(from: 0, to: 60, by: 10))
figure[2, 3].line(x: steps, y: lossValues, label: "loss (ε-pred.)")
figure[2, 3].line(x: steps, y: gradientValues, label: "‖∇θ L‖")
figure[2, 3].scatter(x: evaluationIndices.map { steps[$0] }, y: evaluationIndices.map(lossCurve), color: .black, size: 3.5,
                     shape: .square, label: "evaluations")
figure[2, 3].xLabel = "step"

do {
    let paths = try figure.write(to: folder, name: "gallery", formats: [.png, .svg])
    for path in paths { print("wrote \(path)") }
} catch {
    FileHandle.standardError.write(Data("PlotGallery: \(error)\n".utf8))
    exit(1)
}
