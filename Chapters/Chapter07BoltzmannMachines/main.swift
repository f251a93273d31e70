import AutoregressiveModels
import BoltzmannMachines
import Datasets
import Foundation
import Notebook
import Statistics
import TensorCore

// Chapter 7 — Boltzmann machines and RBMs: an energy over binary units, a partition function that can be
// enumerated for a small machine and must be estimated for a real one, and learning by contrastive divergence.

let chapter = Chapter(
    number: 7, title: "Boltzmann machines and RBMs",
    summary: """
    A Boltzmann machine gives every configuration of binary units an energy and every energy a probability, \
    e^{−E}/Z. The restricted Boltzmann machine keeps only the connections between a visible and a hidden layer, \
    which makes each layer's units independent given the other: Gibbs sampling becomes two matrix products, \
    and the hidden units can be summed out in closed form. This chapter enumerates a 12 × 6 machine to check \
    the partition function, free energy and conditionals exactly; trains RBMs with contrastive divergence on \
    bars and stripes, where the exact log-likelihood can be followed, and on the binarised digits; estimates \
    the digits RBM's partition function by annealed importance sampling, first validated where Z is known; \
    and reports its held-out log-likelihood and its Gibbs samples against simple baselines and the data floor.
    """)
let quick = chapter.isQuick

// MARK: - 1. Energy

chapter.section("1. Energy, the Boltzmann distribution and the partition function")
chapter.prose("""
An **energy-based model** gives every state x a real number E(x), its energy, and makes low energy probable: \
the **Boltzmann distribution** p(x) = e^{−E(x)}/Z. The normaliser Z = Σ_x e^{−E(x)}, the **partition \
function**, is a sum over every state — 2^d of them for d binary units — and it is the difficulty that \
chapters 7 to 9 are about. A **Boltzmann machine** (Ackley, Hinton & Sejnowski 1985) has binary units joined by \
symmetric weights, some of them visible (the data) and some hidden (features the model invents). The \
**restricted** Boltzmann machine — Smolensky's harmonium (1986), made practical by Hinton (2002) — allows \
weights only between a visible unit and a hidden one. With v ∈ {0, 1}ⁿ the visible and h ∈ {0, 1}ᵐ the \
hidden units, W the n × m weights, b and c the visible and hidden biases:
""")
chapter.equation(#"E(v, h) = -b^{\top}v - c^{\top}h - v^{\top}Wh, \qquad p(v, h) = \frac{e^{-E(v, h)}}{Z}, \qquad Z = \sum_{v \in \{0,1\}^n} \sum_{h \in \{0,1\}^m} e^{-E(v, h)}."#,
                 plain: "E(v, h) = −bᵀv − cᵀh − vᵀWh,   p(v, h) = e^{−E(v, h)}/Z,   Z = Σ_v Σ_h e^{−E(v, h)}")
chapter.listing("restricted-boltzmann-machine", fromLibraryFile: "Sources/BoltzmannMachines/RestrictedBoltzmannMachine.swift")
let smallMachine = energySection()
chapter.figure(bipartiteFigure(smallMachine), name: "bipartite_graph", caption: """
    The \(smallMachine.visibleCount) × \(smallMachine.hiddenCount) machine of this section as a graph: one line per weight W_ij, its width \
    proportional to |W_ij| and its colour the sign (red positive, blue negative). No line joins two visible or two hidden units; that \
    missing structure is what makes p(h | v) and p(v | h) factorise.
    """)
gibbsSection(smallMachine)

// MARK: - 2. Learning

chapter.section("2. The log-likelihood gradient and contrastive divergence")
let bas = BarsAndStripes.patterns(rows: 3, columns: 4)
chapter.prose("""
For N training images the mean log-likelihood of the parameters θ = (W, b, c) is ℓ(θ) = ⟨log p(v)⟩_data = \
−⟨F(v)⟩_data − log Z, where ⟨·⟩_data is the mean over the training images and F(v) = −bᵀv − Σ_j log(1 + e^{c_j + (vᵀW)_j}) is section 1's free energy. Differentiating log Z brings \
down the model's own average, so the gradient is a difference of two expectations: a **positive phase** over \
the data, which lowers the free energy of what was seen, and a **negative phase** over the model, which \
raises it wherever the model puts mass. For a weight, with the hidden units summed out in the positive phase:
""")
chapter.equation(#"\frac{\partial \ell}{\partial W_{ij}} = \big\langle v_i\, \sigma\big(c_j + (v^{\top}W)_j\big) \big\rangle_{\text{data}} - \big\langle v_i h_j \big\rangle_{p(v, h)}, \qquad \frac{\partial \ell}{\partial b_i} = \langle v_i\rangle_{\text{data}} - \langle v_i\rangle_{p}, \qquad \frac{\partial \ell}{\partial c_j} = \langle \sigma(c_j + (v^{\top}W)_j)\rangle_{\text{data}} - \langle h_j\rangle_{p}."#,
                 plain: "∂ℓ/∂W_ij = ⟨v_i σ(c_j + (vᵀW)_j)⟩_data − ⟨v_i h_j⟩_p,  ∂ℓ/∂b_i = ⟨v_i⟩_data − ⟨v_i⟩_p,  ∂ℓ/∂c_j = ⟨σ(c_j + (vᵀW)_j)⟩_data − ⟨h_j⟩_p")
chapter.prose("""
The data for this section are **bars and stripes** (MacKay 2003) on a 3 × 4 grid: images whose rows are each \
all on or all off, or whose columns are. There are \(bas.count) of them, and they fit section 1's 12 visible \
units, so the negative phase can be summed exactly over 2¹² states. We check that exact gradient against \
central differences of the exact log-likelihood, at section 1's machine.
""")
chapter.listing("rbm-gradients", fromLibraryFile: "Sources/BoltzmannMachines/RBMGradients.swift")
gradientCheck(smallMachine, data: bas)
try learningSection(data: bas)

// MARK: - 3. Digits

chapter.section("3. An RBM of the digits")
try digitsSection()

// MARK: - 6. History

chapter.section("6. A word of history: deep belief networks")
chapter.prose("""
RBMs were the building block of the first deep generative models. Hinton, Osindero & Teh (2006) trained an \
RBM on the data, then a second RBM on the first one's hidden activities, and so on. They showed that if the new \
layer has at least as many units and starts from the transposed weights of the one below — so that a \
variational lower bound on the data's log-likelihood starts equal to it — then raising the new layer's \
likelihood of the hidden activities cannot lower that bound; contrastive divergence, used in practice, only \
approximates that step. The stack is a **deep belief network**: a directed sigmoid belief network below an \
undirected RBM at the top, sampled by Gibbs steps in the top RBM and one pass down. The same greedy \
pretraining initialised deep autoencoders (Hinton & Salakhutdinov 2006, the encoders of chapter 1) and \
classifiers, and the deep Boltzmann machine (Salakhutdinov & Hinton 2009) kept every layer undirected. \
Rectified units (Nair & Hinton 2010; Glorot, Bordes & Bengio 2011) and better initialisation (Glorot & \
Bengio 2010) later made pretraining unnecessary for supervised \
networks, and directed generators trained by backpropagation (chapters 2 to 6) replaced DBNs for generation. \
The ideas did not go away: chapter 8 trains energy functions given by neural networks with the same two \
phases, chapter 9 takes contrastive divergence apart, and chapters 10 to 12 learn the gradient of log p, for \
which Z never has to be computed at all.
""")

// MARK: - Exercises

chapter.exercises(exercises)
chapter.finish()
