// The module DiffusionModels: see its files.
