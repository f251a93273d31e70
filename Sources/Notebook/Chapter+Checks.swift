import ChapterReport
import Foundation

extension Chapter {
    /// Compares two independently computed numbers within a justified tolerance.
    ///
    /// `why` says where the tolerance comes from (e.g. "4 SE of a variance
    /// estimate from n normal samples: v√(2/n)"); it is printed with the check.
    @discardableResult
    public func check(_ name: String, measured: Double, expected: Double, tolerance: Tolerance, why: String? = nil) -> Bool {
        let bound = tolerance.bound(expected: expected)
        let passed = measured.isFinite && expected.isFinite && abs(measured - expected) <= bound
        record(CheckResult(name: name, measured: formatNumber(measured), reference: formatNumber(expected),
                           tolerance: tolerance.description, passed: passed, why: why))
        return passed
    }

    /// Checks that a measured number is at most a bound; `why` justifies the bound.
    @discardableResult
    public func check(_ name: String, measured: Double, atMost bound: Double, why: String? = nil) -> Bool {
        let passed = measured.isFinite && measured <= bound
        record(CheckResult(name: name, measured: formatNumber(measured), reference: "≤ \(formatNumber(bound))", tolerance: "bound",
                           passed: passed, why: why))
        return passed
    }

    /// Checks that a measured number is at least a bound; `why` justifies the bound.
    @discardableResult
    public func check(_ name: String, measured: Double, atLeast bound: Double, why: String? = nil) -> Bool {
        let passed = measured.isFinite && measured >= bound
        record(CheckResult(name: name, measured: formatNumber(measured), reference: "≥ \(formatNumber(bound))", tolerance: "bound",
                           passed: passed, why: why))
        return passed
    }

    /// Shows an identity evaluated on the same numbers (one loss rewritten as
    /// another): printed beside the checks but without ✓/✗ and never counted,
    /// because two routes through the same numbers cannot disagree by more
    /// than rounding (the rigour standard's "demonstration, not a check").
    public func demonstration(_ name: String, lhs: Double, rhs: Double) {
        demonstrationCount += 1
        renderer.render(.demonstration(Demonstration(name: name, lhs: formatNumber(lhs), rhs: formatNumber(rhs),
                                                     difference: formatNumber(lhs - rhs))))
    }

    func record(_ result: CheckResult) {
        if result.passed { passedCount += 1 } else { failedNames.append(result.name) }
        checkRecords.append(CheckRecord(section: sectionTitle, name: result.name, measured: result.measured, reference: result.reference,
                                        tolerance: result.tolerance, why: result.why, passed: result.passed))
        renderer.render(.check(result))
    }
}
