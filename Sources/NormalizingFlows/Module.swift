// The module NormalizingFlows: see its files.
