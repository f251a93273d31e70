import CCairo
import Foundation

/// Cairo primitives shared by every mark and guide: colour, lines, markers, arrows, text, images.
extension Renderer {
    // MARK: Primitives

    func setColor(_ color: Color) { cairo_set_source_rgba(context, color.red, color.green, color.blue, color.alpha) }

    func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) {
        cairo_move_to(context, x0, y0); cairo_line_to(context, x1, y1); cairo_stroke(context)
    }

    func marker(_ shape: MarkerShape, x: Double, y: Double, size: Double) {
        switch shape {
        case .circle: cairo_arc(context, x, y, size, 0, 2 * Double.pi); cairo_fill(context)
        case .square: cairo_rectangle(context, x - size, y - size, 2 * size, 2 * size); cairo_fill(context)
        case .triangle:
            cairo_move_to(context, x, y - size * 1.2); cairo_line_to(context, x + size * 1.1, y + size * 0.8)
            cairo_line_to(context, x - size * 1.1, y + size * 0.8); cairo_close_path(context); cairo_fill(context)
        case .cross:
            cairo_set_line_width(context, max(1, size / 2.5))
            line(x - size, y - size, x + size, y + size); line(x - size, y + size, x + size, y - size)
        }
    }

    /// A line with a filled triangular head; the head scales with the arrow
    /// (30% of its length) up to `headLength`, so short arrows stay readable.
    func arrow(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, width: Double, headLength: Double = 6) {
        let dx = x1 - x0, dy = y1 - y0
        let length = (dx * dx + dy * dy).squareRoot()
        guard length > 0.6 else { return }
        let head = min(headLength, 0.35 * length + 1.5)
        let (ux, uy) = (dx / length, dy / length)
        let baseX = x1 - ux * head, baseY = y1 - uy * head
        cairo_set_line_cap(context, CAIRO_LINE_CAP_ROUND)
        line(x0, y0, baseX, baseY)
        cairo_move_to(context, x1, y1)
        cairo_line_to(context, baseX - uy * head * 0.45, baseY + ux * head * 0.45)
        cairo_line_to(context, baseX + uy * head * 0.45, baseY - ux * head * 0.45)
        cairo_close_path(context); cairo_fill(context)
        cairo_set_line_cap(context, CAIRO_LINE_CAP_BUTT)
    }

    /// The largest size up to `size` at which `string` fits `width` (never below 7 pt),
    /// so long titles shrink instead of being clipped at the figure's edge.
    func fittedSize(_ string: String, _ size: Double, bold: Bool, width: Double) -> Double {
        let natural = textWidth(string, size: size, bold: bold)
        return natural <= width ? size : max(7, size * width / natural)
    }

    func selectFont(size: Double, bold: Bool) {
        cairo_select_font_face(context, Style.fontFamily, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, size)
    }

    func textWidth(_ string: String, size: Double, bold: Bool = false) -> Double {
        selectFont(size: size, bold: bold)
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, string, &extents)
        return extents.x_advance
    }

    /// Text placed relative to (x, y); vertical centring uses the font's
    /// ascent so labels line up regardless of their letters.
    func text(_ string: String, x: Double, y: Double, size: Double, bold: Bool = false, anchor: TextAnchor, color: Color = Style.textColor) {
        let width = textWidth(string, size: size, bold: bold)
        let capHeight = size * 0.72
        var (px, py) = (x, y)
        switch anchor {
        case .center: px -= width / 2; py += capHeight / 2
        case .left: py += capHeight / 2
        case .right: px -= width; py += capHeight / 2
        case .above: px -= width / 2; py -= 3
        case .below: px -= width / 2; py += capHeight + 2
        }
        setColor(color)
        cairo_move_to(context, px, py)
        cairo_show_text(context, string)
    }

    /// Paints a width×height grid of colours (row 0 at the top) into `rect`:
    /// nearest-neighbour for images (pixels stay crisp), bilinear for sampled
    /// functions (`smooth`), with the edge colours extended so borders do not fade.
    func paintImage(_ pixels: [Color], width: Int, height: Int, into rect: Rect, smooth: Bool = false) {
        guard width > 0, height > 0 else { return }
        let stride = Int(cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, Int32(width)))
        let data = UnsafeMutableRawPointer.allocate(byteCount: stride * height, alignment: 16)
        defer { data.deallocate() }
        for row in 0..<height {
            let rowPointer = (data + row * stride).assumingMemoryBound(to: UInt32.self)
            for column in 0..<width {
                let c = pixels[row * width + column]
                let a = c.alpha
                func channel(_ v: Double) -> UInt32 { UInt32((min(max(v * a, 0), 1) * 255).rounded()) }  // premultiplied
                rowPointer[column] = channel(1) << 24 | channel(c.red) << 16 | channel(c.green) << 8 | channel(c.blue)
            }
        }
        let surface = cairo_image_surface_create_for_data(data.assumingMemoryBound(to: UInt8.self), CAIRO_FORMAT_ARGB32, Int32(width), Int32(height), Int32(stride))
        defer { cairo_surface_destroy(surface) }
        cairo_save(context)
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(context)
        cairo_translate(context, rect.x, rect.y)
        cairo_scale(context, rect.width / Double(width), rect.height / Double(height))
        cairo_set_source_surface(context, surface, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(context), smooth ? CAIRO_FILTER_BILINEAR : CAIRO_FILTER_NEAREST)
        cairo_pattern_set_extend(cairo_get_source(context), CAIRO_EXTEND_PAD)
        cairo_paint(context)
        cairo_restore(context)
    }
}
