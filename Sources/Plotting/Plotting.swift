import CCairo

/// Placeholder until the plotting module lands (issue 3).
public enum PlottingVersion { public static let cairo = String(cString: cairo_version_string()) }
