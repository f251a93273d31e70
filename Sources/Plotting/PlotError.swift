import Foundation

/// Why a figure could not be written.
public enum PlotError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case cannotWrite(path: String, reason: String)
    case cairoFailure(String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): return "Cannot write the figure to \(path): \(reason)."
        case .cairoFailure(let status): return "Cairo could not draw the figure: \(status)."
        }
    }

    public var errorDescription: String? { description }
}
