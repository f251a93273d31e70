// The module AutoregressiveModels: see its files.
