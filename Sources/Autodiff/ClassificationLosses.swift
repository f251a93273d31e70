import TensorCore

// Cross-entropies computed from logits, never from probabilities: the
// log-sum-exp and softplus forms below stay finite for any finite logit,
// where log(softmax(z)) or log(σ(z)) would underflow to log 0 = −∞.
// Both are compositions of recorded operations, so they can be
// differentiated twice (e.g. inside a gradient penalty).

extension Variable {
    /// log σ(x) = −softplus(−x), finite for every finite x; derivative σ(−x) = 1 − σ(x).
    public func logSigmoid() -> Variable {
        -((-self).softplus())
    }

    /// The mean over rows of the negative log-probability of each row's label
    /// under softmax(logits):
    ///
    ///   L = (1/n) Σᵢ [log Σⱼ exp zᵢⱼ − z_{i,yᵢ}],
    ///
    /// with the log-sum-exp computed stably (m + log Σ exp(z − m)).
    ///
    /// - Parameters:
    ///   - logits: unnormalised log-probabilities `[n, k]`.
    ///   - labels: one class index in `0..<k` per row.
    public static func softmaxCrossEntropy(logits: Variable, labels: [Int]) -> Variable {
        require(logits.shape.count == 2 && logits.shape[0] == labels.count,
                "softmaxCrossEntropy needs logits [n, k] and n labels, got \(logits.shape) and \(labels.count) labels.")
        return (logits.logSumExp(alongAxis: 1) - logits.pickColumns(labels)).mean()
    }

    /// The mean over rows of the negative Bernoulli log-likelihood of each
    /// row's targets, summed over its columns:
    ///
    ///   L = (1/n) Σᵢ Σⱼ [softplus(zᵢⱼ) − tᵢⱼ·zᵢⱼ],
    ///
    /// which equals −[t log σ(z) + (1 − t) log(1 − σ(z))] elementwise, since
    /// log σ(z) = z − softplus(z) and log(1 − σ(z)) = −softplus(z). For a
    /// discriminator's `[n, 1]` output it is the usual mean cross-entropy; for
    /// a Bernoulli decoder's `[n, d]` output it is the per-example negative
    /// log-likelihood in nats, averaged over the batch.
    ///
    /// - Parameters:
    ///   - logits: log-odds `[n, d]` (or any shape whose leading axis is the batch).
    ///   - targets: values in [0, 1] of the same shape (hard or soft labels).
    public static func binaryCrossEntropy(logits: Variable, targets: Tensor) -> Variable {
        require(logits.shape == targets.shape,
                "binaryCrossEntropy needs targets of the logits' shape \(logits.shape), got \(targets.shape).")
        let rows = Float(Swift.max(logits.shape.first ?? 1, 1))
        return (logits.softplus() - logits * targets).sum() / rows
    }
}
