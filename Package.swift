// swift-tools-version:6.0
// The executable textbook on deep generative models.
//
// Numeric modules are compiled with `-O` in every configuration: readers type
// `swift run ChapterNN`, which is a debug build, and an unoptimised tensor
// core is 10-50x slower (measured numbers are in README.md). `unsafeFlags`
// is allowed because this is a root package.
import PackageDescription

// Everything is compiled for the baseline of its architecture, so the package runs on any x86-64 or ARM64 CPU. Wider
// vector code (AVX2, AVX-512) lives in the C target CKernels, compiled per function for those instruction sets and
// chosen at run time from what the CPU reports (TensorCore's `VectorWidth`).
let optimised: [SwiftSetting] = [.unsafeFlags(["-O"])]

// MARK: The chapters
// One executable target per chapter, `Chapters/<name>/main.swift`, with the
// library modules it imports. This table is the only list of chapters: it
// generates the executable targets and the chapter tests' dependencies, and
// the chapter tests check it against the folders in `Chapters/`.
let chapters: [(name: String, dependencies: [Target.Dependency])] = [
    ("Chapter01Autoencoders", ["Notebook", "Plotting", "NeuralLayers", "Datasets", "Autoencoders", "Training", "Metrics", "Statistics"]),
    ("Chapter02VAE", ["Notebook", "Plotting", "VariationalAutoencoders", "Autoencoders", "DigitEvaluation", "Datasets", "Distributions",
                      "Metrics", "NeuralLayers", "Training", "Statistics", "TensorCore"]),
    ("Chapter03GAN", ["Notebook", "Plotting", "AdversarialNetworks", "DigitEvaluation", "Datasets", "Distributions", "Metrics",
                      "NeuralLayers", "Training", "Statistics", "Autodiff", "TensorCore"]),
    ("Chapter04GANVariants", ["Notebook", "Plotting", "AdversarialNetworks", "DigitEvaluation", "Datasets", "Distributions", "Metrics",
                              "NeuralLayers", "Training", "Statistics", "Autodiff", "TensorCore"]),
    ("Chapter05Diffusion", ["Notebook", "Plotting", "DiffusionModels", "VariationalAutoencoders", "ScoreBasedModels", "DigitEvaluation", "Datasets",
                            "Distributions", "Metrics", "NeuralLayers", "Training", "Statistics", "TensorCore"]),
    ("Chapter06AutoregressiveFlows", ["Notebook", "Plotting", "AutoregressiveModels", "NormalizingFlows", "DigitEvaluation", "Datasets",
                                      "Distributions", "Metrics", "NeuralLayers", "Training", "Statistics", "TensorCore"]),
    ("Chapter07BoltzmannMachines", ["Notebook", "Plotting", "BoltzmannMachines", "AutoregressiveModels", "DigitEvaluation", "Datasets",
                                    "Statistics", "Metrics", "TensorCore"]),
    ("Chapter08EnergyModels", ["Notebook", "Plotting", "EnergyBasedModels", "BoltzmannMachines", "Sampling", "Distributions", "Metrics",
                               "Statistics", "NeuralLayers", "Autodiff", "Training", "TensorCore"]),
    ("Chapter09ContrastiveDivergence", ["Notebook", "Plotting", "BoltzmannMachines", "AutoregressiveModels", "DigitEvaluation", "Datasets",
                                        "Statistics", "Metrics", "TensorCore"]),
    ("Chapter10ScoreMatching", ["Notebook", "Plotting", "ScoreMatching", "Distributions", "Statistics", "Metrics", "NeuralLayers",
                                "Autodiff", "Training", "TensorCore"]),
    ("Chapter11Langevin", ["Notebook", "Plotting", "Sampling", "Distributions", "Statistics", "TensorCore"]),
    ("Chapter12ScoreSDE", ["Notebook", "Plotting", "Distributions", "Statistics", "ScoreBasedModels", "Metrics", "NeuralLayers"]),
    ("Chapter13VectorQuantization", ["Notebook", "Plotting", "VectorQuantization", "VariationalAutoencoders", "AutoregressiveModels",
                                     "DigitEvaluation", "Datasets", "Statistics", "Metrics", "NeuralLayers", "Training", "Autodiff", "TensorCore"]),
    ("Chapter14ConsistencyModels", ["Notebook", "Plotting", "FastSampling", "Distributions", "Statistics", "Metrics", "NeuralLayers",
                                    "Training", "TensorCore"]),
]
let chapterTargets: [Target] = chapters.map { chapter in
    .executableTarget(name: chapter.name, dependencies: chapter.dependencies, path: "Chapters/\(chapter.name)")
}

let package = Package(
    name: "DeepGenerativeModels",
    products: [
        .library(name: "TensorCore", targets: ["TensorCore"]),
        .library(name: "Autodiff", targets: ["Autodiff"]),
        .library(name: "NeuralLayers", targets: ["NeuralLayers"]),
        .library(name: "Plotting", targets: ["Plotting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // MARK: System libraries (apt providers give SwiftPM's install hint)
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"])]
        ),

        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // MARK: Numerics core
        // Kernels in C, compiled with optimisation in every configuration; wider code paths inside are chosen at run time.
        // No contraction of a multiply and an add into one fused operation unless the code asks for it: the kernels
        // must give the same bits at every vector width.
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3", "-ffp-contract=off"])]),
        .target(name: "TensorCore", dependencies: ["COpenBLAS", "CKernels"], swiftSettings: optimised),
        .target(name: "Autodiff", dependencies: ["TensorCore"], swiftSettings: optimised),
        .target(name: "NeuralLayers", dependencies: ["TensorCore", "Autodiff"], swiftSettings: optimised),

        // MARK: Figures
        .target(name: "Plotting", dependencies: ["CCairo", "TensorCore"], swiftSettings: optimised),
        .executableTarget(name: "PlotGallery", dependencies: ["Plotting", "TensorCore"]),

        // MARK: Data
        .target(name: "Datasets", dependencies: ["TensorCore", "CZlib"], resources: [.copy("Resources/digits.csv.gz"), .copy("Resources/DIGITS-ATTRIBUTION.md")]),

        // MARK: Models and samplers shared by chapters
        .target(name: "Distributions", dependencies: ["TensorCore"], swiftSettings: optimised),
        .target(name: "Sampling", dependencies: ["TensorCore"], swiftSettings: optimised),
        .target(name: "Training", dependencies: ["NeuralLayers"], swiftSettings: optimised),
        .target(name: "Autoencoders", dependencies: ["TensorCore", "Autodiff", "NeuralLayers"], swiftSettings: optimised),
        .target(name: "ScoreBasedModels", dependencies: ["TensorCore", "Autodiff", "NeuralLayers", "Training", "Sampling", "Distributions", "Statistics"], swiftSettings: optimised),
        // Chapter 7's restricted Boltzmann machine, reused by chapters 8 and 9: energy, free energy, conditionals,
        // Gibbs steps and exact enumeration of small models.
        .target(name: "BoltzmannMachines", dependencies: ["TensorCore"], swiftSettings: optimised),
        .target(name: "EnergyBasedModels", dependencies: ["TensorCore", "Autodiff", "NeuralLayers", "Training", "Distributions"], swiftSettings: optimised),
        // Chapter 10's score matching without noise levels: exponential families in closed form, and the implicit,
        // sliced and denoising objectives for a score network; chapters 11 and 12 build on the same ideas.
        .target(name: "ScoreMatching", dependencies: ["TensorCore", "Autodiff", "NeuralLayers", "Training", "Distributions"], swiftSettings: optimised),
        .target(name: "AdversarialNetworks", dependencies: ["TensorCore", "Autodiff", "NeuralLayers", "Training", "Distributions"], swiftSettings: optimised),
        // The VAE of chapter 2, reused by latent diffusion (chapter 5) and the VQ-VAE (chapter 13):
        // ELBO terms, likelihoods of the digits, IWAE, active units, the exact linear-Gaussian model.
        .target(name: "VariationalAutoencoders",
                dependencies: ["TensorCore", "Autodiff", "NeuralLayers", "Training", "Autoencoders", "Distributions", "Statistics", "Metrics"],
                swiftSettings: optimised),

        // Chapter 13's vector quantisation: a codebook with the straight-through estimator and its two loss terms,
        // usage and perplexity, moving-average updates and dead-code restarts, and a small convolutional VQ-VAE.
        .target(name: "VectorQuantization",
                dependencies: ["TensorCore", "Autodiff", "NeuralLayers", "Training", "VariationalAutoencoders"], swiftSettings: optimised),
        // Chapter 14's fast samplers: Karras noise levels and preconditioning, exact denoisers, probability-flow solvers
        // (Euler/DDIM, Heun, a DPM-Solver-2-style midpoint step), distillation, consistency models and rectified flow.
        .target(name: "FastSampling",
                dependencies: ["TensorCore", "Autodiff", "NeuralLayers", "Training", "Distributions"], swiftSettings: optimised),
        // Chapter 5's discrete-time diffusion (DDPM): schedules, the forward chain and its posterior, the ELBO's terms,
        // a noise-prediction network with optional class conditioning, the ancestral sampler with guidance and respacing.
        .target(name: "DiffusionModels",
                dependencies: ["TensorCore", "Autodiff", "NeuralLayers", "Training", "Statistics"], swiftSettings: optimised),
        // Chapter 6's autoregressive models, reused by chapter 13's prior over code indices: a MADE network over
        // binary or categorical dimensions, exact likelihood by teacher forcing, sequential sampling, baselines.
        .target(name: "AutoregressiveModels",
                dependencies: ["TensorCore", "Autodiff", "NeuralLayers", "Training", "Statistics"], swiftSettings: optimised),
        // Chapter 6's normalising flows: change of variables in 1-D, RealNVP affine couplings, log-determinants.
        .target(name: "NormalizingFlows",
                dependencies: ["TensorCore", "Autodiff", "NeuralLayers", "Training", "Distributions", "Statistics"], swiftSettings: optimised),

        // MARK: Metrics shared by chapters (sample quality, likelihood units)
        .target(name: "Metrics", dependencies: ["TensorCore", "Distributions", "Statistics"], swiftSettings: optimised),
        // The sample-quality report for digits: a small classifier whose features give the
        // Fréchet digit distance, precision/recall and class coverage, next to the data floor.
        .target(name: "DigitEvaluation",
                dependencies: ["TensorCore", "Autodiff", "NeuralLayers", "Training", "Datasets", "Metrics", "Statistics", "Distributions"],
                swiftSettings: optimised),
        .testTarget(name: "DigitEvaluationTests", dependencies: ["DigitEvaluation", "Autodiff", "Datasets", "Metrics", "Statistics", "TensorCore"]),

        // MARK: Statistics of samples and repeated measurements (standard errors for checks)
        .target(name: "Statistics", dependencies: ["TensorCore"], swiftSettings: optimised),

        // MARK: The book: chapter runtime, and the report a chapter run leaves for its runners
        .target(name: "ChapterReport"),
        .target(name: "Notebook", dependencies: [
            "Plotting", "TensorCore", "ChapterReport", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
    ] + chapterTargets + [
        // MARK: The book builder: `swift run BookBuilder [--chapter N] [--html]`
        .executableTarget(name: "BookBuilder", dependencies: [
            "ChapterReport", "BookSite", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The HTML edition (pandoc, called as a program) and the ledger of checks
        .target(name: "BookSite", dependencies: ["ChapterReport"]),

        // MARK: Exercises: students' stubs and the reference solutions
        .target(name: "Exercises"),
        .target(name: "Solutions", swiftSettings: optimised),

        // MARK: Benchmarks of the core on fixed workloads
        .executableTarget(
            name: "Benchmarks",
            dependencies: ["TensorCore", "Autodiff", "NeuralLayers", "ScoreBasedModels", "Training", "Distributions", "CKernels"],
            swiftSettings: optimised
        ),

        // MARK: Tests
        .testTarget(name: "TensorCoreTests", dependencies: ["TensorCore", "CKernels"]),
        .testTarget(name: "AutodiffTests", dependencies: ["TensorCore", "Autodiff"]),
        .testTarget(name: "NeuralLayersTests", dependencies: ["TensorCore", "Autodiff", "NeuralLayers"]),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting", "TensorCore"]),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics", "Distributions", "TensorCore"]),
        .testTarget(name: "StatisticsTests", dependencies: ["Statistics", "TensorCore"]),
        .testTarget(name: "DistributionsTests", dependencies: ["Distributions", "Statistics", "TensorCore"]),
        .testTarget(name: "SamplingTests", dependencies: ["Sampling", "Distributions", "Statistics", "TensorCore"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training"]),
        .testTarget(name: "AutoencodersTests", dependencies: ["Autoencoders", "Training"]),
        .testTarget(name: "ScoreBasedModelsTests", dependencies: ["ScoreBasedModels", "Sampling", "Distributions", "TensorCore"]),
        .testTarget(name: "FastSamplingTests", dependencies: ["FastSampling", "Distributions", "NeuralLayers", "Training", "TensorCore"]),
        .testTarget(name: "ScoreMatchingTests", dependencies: ["ScoreMatching", "Distributions", "Statistics", "TensorCore"]),
        .testTarget(name: "VectorQuantizationTests", dependencies: ["VectorQuantization", "VariationalAutoencoders", "NeuralLayers", "Autodiff", "TensorCore"]),
        .testTarget(name: "EnergyBasedModelsTests", dependencies: ["EnergyBasedModels", "Distributions", "Autodiff", "NeuralLayers", "TensorCore"]),
        .testTarget(name: "BoltzmannMachinesTests", dependencies: ["BoltzmannMachines", "Datasets", "Statistics", "TensorCore"]),
        .testTarget(name: "AdversarialNetworksTests", dependencies: ["AdversarialNetworks", "Distributions", "TensorCore", "Autodiff", "NeuralLayers"]),
        .testTarget(name: "VariationalAutoencodersTests",
                    dependencies: ["VariationalAutoencoders", "Autoencoders", "Distributions", "Statistics", "Datasets", "TensorCore", "Autodiff", "NeuralLayers"]),
        .testTarget(name: "DiffusionModelsTests", dependencies: ["DiffusionModels", "Statistics", "TensorCore", "Autodiff", "NeuralLayers"]),
        .testTarget(name: "AutoregressiveModelsTests", dependencies: ["AutoregressiveModels", "Datasets", "Statistics", "TensorCore", "Autodiff", "NeuralLayers"]),
        .testTarget(name: "NormalizingFlowsTests", dependencies: ["NormalizingFlows", "Distributions", "Statistics", "Metrics", "TensorCore", "Autodiff", "NeuralLayers"]),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook", "ChapterReport"]),
        .testTarget(name: "BookSiteTests", dependencies: ["BookSite", "ChapterReport", "TestSupport", "CCairo"]),
        // Shared test helpers (process runner, package paths), like swift-collections' _TestSupport.
        .target(name: "TestSupport", dependencies: ["ChapterReport"], path: "Tests/TestSupport"),
        // Runs every chapter's executable, so it depends on all of them (see `chapters` above).
        .testTarget(name: "ChapterTests", dependencies: ["TestSupport", "ChapterReport", "BookSite"] + chapters.map { .target(name: $0.name) }),
        .testTarget(name: "ExerciseTests", dependencies: ["Exercises", "Solutions", "TensorCore"], swiftSettings: optimised),
    ],
    swiftLanguageModes: [.v5]
)
