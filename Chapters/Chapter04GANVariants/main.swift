import AdversarialNetworks
import Datasets
import DigitEvaluation
import Foundation
import Notebook

// Chapter 4 — GAN variants: the same game with better players (convolutions), more information (labels), two
// domains (cycles), structured latents (styles) and a different distance (Wasserstein with a gradient penalty).

let chapter = Chapter(
    number: 4, title: "GAN variants",
    summary: """
    Chapter 3's game leaves much open: what the players look like, what they are told, and which distance the \
    generator is made to shrink. This chapter builds five answers on the same trainer — a convolutional GAN \
    (DCGAN), a conditional GAN that is told the class, a CycleGAN that translates between two unpaired domains, \
    a toy StyleGAN whose latent passes through a mapping network and modulates every layer, and WGAN-GP, whose \
    critic estimates the Wasserstein distance under a gradient penalty — and measures each one: the digits \
    against chapter 3's MLP GAN and the data floor, the class a conditional sample really shows, round trips \
    with and without the cycle term, path lengths in the two latent spaces, and how often each loss covers \
    every mode over several seeds.
    """)
let quick = chapter.isQuick

// MARK: - 1. Convolutions

chapter.section("1. Convolution and its transpose")
chapter.prose("""
A dense layer treats an 8×8 image as 64 unrelated numbers. A **convolution** slides one small kernel over \
the image, so the same few weights look for the same pattern everywhere, and a stride of 2 halves the \
resolution. For an input of side n, kernel size k, a given stride and padding pad, the output side is \
⌊(n + 2·pad − k)/stride⌋ + 1 (Dumoulin & Visin, 2016, work through every case). With kernel weights ω (output \
channel o, input channel c, kernel offsets a, b) a convolution is a linear map x ↦ Cx, C a large sparse matrix \
built from ω, and its adjoint Cᵀ is the **transposed convolution**, which maps side n′ back to \
(n′ − 1)·stride − 2·pad + k. With k = 4, stride 2 and pad 1 the first halves and the second doubles the side \
exactly, which is how DCGAN (Radford et al., 2016) builds both players: the discriminator halves 8 → 4 → 2 \
with strided convolutions and the generator doubles 2 → 4 → 8 with transposed ones, with no pooling anywhere.
""")
chapter.equation(#"(Cx)_{o,i,j} = \sum_{c,a,b} \omega_{o,c,a,b}\, x_{c,\ \mathrm{stride}\cdot i+a-\mathrm{pad},\ \mathrm{stride}\cdot j+b-\mathrm{pad}}, \qquad \langle Cx, y\rangle = \langle x, C^{\top}y\rangle \ \text{ for all } x, y."#,
                 plain: "(Cx)_{o,i,j} = Σ_{c,a,b} ω_{o,c,a,b} x_{c, stride·i+a−pad, stride·j+b−pad},   ⟨Cx, y⟩ = ⟨x, Cᵀy⟩ for all x, y")
chapter.prose("""
The core computes Cx by copying every receptive field into a column (im2col; Chellapilla et al., 2006) and \
multiplying by the kernel matrix, and Cᵀy by the transposed product followed by adding the columns back into the image \
(col2im). We check the transposed convolution two ways: by the adjoint identity, and against a second \
construction that never uses col2im — spread y out by inserting stride − 1 zeros between its pixels, then \
convolve with stride 1, padding k − 1 − pad and the kernel flipped in both spatial axes, input and output \
channels swapped. Then the backward passes: the gradients of a small DCGAN's output with respect to both \
players' kernels, against central differences.
""")
convolutionChecks()
convolutionGradientCheck()
chapter.listing("convolutional-gan", fromLibraryFile: "Sources/AdversarialNetworks/ConvolutionalGAN.swift")

// MARK: - 2. DCGAN on digits

chapter.section("2. DCGAN on the digits")
let digitSetup = try digitSetupSection()
try dcganSection(digitSetup)

// MARK: - 3. Conditional GAN

chapter.section("3. A conditional GAN")
try conditionalSection(digitSetup)

// MARK: - 4. CycleGAN

chapter.section("4. CycleGAN: translation without pairs")
try cycleSection()

// MARK: - 5. Styles

chapter.section("5. A style-based generator at toy scale")
try styleSection(digitSetup)

// MARK: - 6. WGAN-GP

chapter.section("6. WGAN-GP: a critic, a distance and a gradient penalty")
try wassersteinTheorySection()
try stabilitySection()

// MARK: - Exercises

chapter.exercises(exercises)
chapter.finish()
