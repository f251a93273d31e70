import Foundation
import Testing
@testable import TensorCore

/// Misuse stops the program with one sentence that names both shapes. Each
/// case runs in a child process (a Swift Testing exit test) so the crash and
/// its message can be observed.
struct ShapeErrorTests {
    func standardError(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test func matmulMismatchNamesBothShapes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.matmul(Tensor.zeros([2, 3]), Tensor.zeros([4, 5]))
        }
        let message = standardError(result)
        #expect(message.contains("[2, 3]") && message.contains("[4, 5]"), "stderr: \(message)")
    }

    @Test func broadcastingMismatchNamesBothShapes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]) + Tensor.zeros([4])
        }
        let message = standardError(result)
        #expect(message.contains("[2, 3]") && message.contains("[4]"), "stderr: \(message)")
    }

    @Test func concatenateMismatchNamesBothShapes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.concatenate([Tensor.zeros([2, 3]), Tensor.zeros([2, 4])], alongAxis: 0)
        }
        let message = standardError(result)
        #expect(message.contains("[2, 3]") && message.contains("[2, 4]"), "stderr: \(message)")
    }

    @Test func reshapeToTheWrongSizeNamesBothShapes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).reshaped([4, 2])
        }
        let message = standardError(result)
        #expect(message.contains("[2, 3]") && message.contains("[4, 2]"), "stderr: \(message)")
    }
}
