/// What individual chapters promise beyond the rules every chapter follows:
/// figures the text refers to by name, and text the book must contain.
struct ChapterExpectations: Sendable {
    /// Figure names (without extension) the quick run must write.
    var figures: [String] = []
    /// Strings the quick run's Markdown must contain.
    var markdown: [String] = []
    /// Whether the full default run is also tested with another seed: for chapters whose --quick
    /// run cannot hold the default run's bounds (less training), so the quick test alone would
    /// not notice a default-run check that holds for the default seed only.
    var defaultRunWithAnotherSeed = false

    static let byTarget: [String: ChapterExpectations] = [
        "Chapter01Autoencoders": .init(figures: ["architecture", "reconstructions", "latent_map", "random_latent_decodes", "roc_curve"]),
        "Chapter02VAE": .init(figures: ["iwae_bound", "latent_clouds", "interpolation", "samples", "posterior_collapse", "elbo_terms"],
                              defaultRunWithAnotherSeed: true),
        "Chapter03GAN": .init(figures: ["optimal_discriminator", "generator_loss_gradients", "ring_training", "mode_collapse",
                                        "precision_recall_cases", "digit_samples", "metric_chart"],
                              defaultRunWithAnotherSeed: true),
        "Chapter04GANVariants": .init(figures: ["dcgan_samples", "class_grid", "cycle_round_trips", "style_mixing", "wgan_critic", "training_curves"],
                                      defaultRunWithAnotherSeed: true),
        "Chapter05Diffusion": .init(figures: ["alpha_bar_schedules", "noising_chain", "loss_by_timestep", "denoising_chain", "quality_vs_steps",
                                              "guidance_grid", "guidance_tradeoff", "latent_samples"],
                                    defaultRunWithAnotherSeed: true),
        "Chapter06AutoregressiveFlows": .init(figures: ["bits_per_dimension", "autoregressive_samples", "change_of_variables", "flow_density",
                                                        "warped_grid", "flow_layers", "flow_training"],
                                              defaultRunWithAnotherSeed: true),
        "Chapter07BoltzmannMachines": .init(figures: ["bipartite_graph", "exact_likelihood_training", "filters", "ais_against_exact", "gibbs_chains"],
                                            defaultRunWithAnotherSeed: true),
        "Chapter08EnergyModels": .init(figures: ["theta_against_chain_length", "pushes_up_and_down", "normalised_densities", "likelihood_during_training",
                                                 "energy_landscapes"],
                                       defaultRunWithAnotherSeed: true),
        "Chapter09ContrastiveDivergence": .init(figures: ["bias_against_k", "exact_likelihood_by_rule", "most_probable_states", "negative_phases",
                                                          "far_mass_against_steps"],
                                                defaultRunWithAnotherSeed: true),
        "Chapter10ScoreMatching": .init(figures: ["score_field", "estimator_spread", "exponential_family_fit", "learned_fields", "error_against_density"],
                                        defaultRunWithAnotherSeed: true),
        "Chapter11Langevin": .init(figures: ["trajectories"],
                                   markdown: ["$$\n", "```swift\n/// Runs `steps` unadjusted Langevin updates"]),
        "Chapter12ScoreSDE": .init(figures: ["noising_chain", "score_fields", "learned_vs_exact_score", "score_error_vs_time",
                                             "nfe_quality", "sde_vs_ode_trajectories", "ode_density"],
                                   defaultRunWithAnotherSeed: true),
        "Chapter13VectorQuantization": .init(figures: ["codebook_usage", "perplexity_during_training", "reconstructions", "code_grid", "prior_samples"],
                                             defaultRunWithAnotherSeed: true),
        "Chapter14ConsistencyModels": .init(figures: ["speed_ladder", "solver_orders", "trajectories", "one_step_samples"],
                                            defaultRunWithAnotherSeed: true),
    ]

    static func of(_ target: String) -> ChapterExpectations { byTarget[target] ?? ChapterExpectations() }
}
