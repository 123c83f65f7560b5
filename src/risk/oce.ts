import { assertOption } from "../errors.js";
import { minimizeScalar } from "../math/minimize-scalar.js";
import { assertPnl, finitePnlRange } from "./assert-pnl.js";
import { DEFAULT_RISK_AVERSION, entropicRisk } from "./entropic-risk.js";
import type { RiskMeasure } from "./risk-measure.js";
import { expectedShortfall } from "./expected-shortfall.js";
import { DEFAULT_CONFIDENCE_LEVEL, tailSize } from "./tail-size.js";
import { valueAtRisk } from "./value-at-risk.js";

interface OceLossBase {
  /** A printable description, e.g. `entropic(riskAversion=1.3)`. */
  readonly name: string;
  /** ℓ(x), for a loss x (larger is worse). */
  evaluate(x: number): number;
}

/** The exponential loss ℓ(x) = (e^{λx} − 1)/λ, whose OCE is the entropic risk (closed form). */
export interface EntropicLoss extends OceLossBase {
  readonly kind: "entropic";
  /** λ > 0. */
  readonly riskAversion: number;
}

/** The loss ℓ(x) = max(x, 0)/(1 − α), whose OCE is the expected shortfall at level α. */
export interface ExpectedShortfallLoss extends OceLossBase {
  readonly kind: "expected-shortfall";
  /** α in [0, 1). */
  readonly level: number;
}

/**
 * Any other loss: convex, non-decreasing, with ℓ(0) = 0 and 1 in its subdifferential at 0
 * (ℓ(x) ≥ x), as {@link oce} requires; only ℓ(0) = 0 is checked.
 */
export interface CustomOceLoss extends OceLossBase {
  readonly kind: "custom";
}

/** The loss function ℓ of an optimized certainty equivalent; `kind` selects closed forms. */
export type OceLoss = EntropicLoss | ExpectedShortfallLoss | CustomOceLoss;

/**
 * The exponential loss ℓ(x) = (e^{λx} − 1)/λ (evaluated with `expm1`). Its OCE is the entropic
 * risk, and {@link oce} uses the closed form for it.
 *
 * Reference: Ben-Tal and Teboulle (2007), the exponential-utility example.
 *
 * @param riskAversion - λ > 0, finite; default {@link DEFAULT_RISK_AVERSION} = 1.3.
 */
export function entropicLoss(riskAversion: number = DEFAULT_RISK_AVERSION): EntropicLoss {
  assertOption(
    riskAversion > 0 && Number.isFinite(riskAversion),
    "riskAversion",
    riskAversion,
    "must be > 0 and finite",
  );
  return {
    kind: "entropic",
    name: `entropic(riskAversion=${riskAversion})`,
    riskAversion,
    evaluate: (x) => Math.expm1(riskAversion * x) / riskAversion,
  };
}

/**
 * The loss ℓ(x) = max(x, 0)/(1 − α). Its OCE is the expected shortfall at level α
 * (Rockafellar–Uryasev); {@link oce} minimises it numerically.
 *
 * Reference: R. T. Rockafellar and S. Uryasev, "Optimization of conditional value-at-risk",
 * J. Risk 2 (2000) 21–41, theorem 1.
 *
 * @param level - α in [0, 1); default {@link DEFAULT_CONFIDENCE_LEVEL} = 0.95.
 */
export function expectedShortfallLoss(level: number = DEFAULT_CONFIDENCE_LEVEL): ExpectedShortfallLoss {
  tailSize(1, level); // validates the level
  const scale = 1 / (1 - level);
  return {
    kind: "expected-shortfall",
    name: `expected-shortfall(level=${level})`,
    level,
    evaluate: (x) => (x > 0 ? x * scale : 0),
  };
}

/** Options of {@link oce}: those of the one-dimensional search for ω. */
export interface OceOptions {
  /** Absolute tolerance on ω; default 1e-12 · max(1, max X − min X). */
  tolerance?: number;
  /** The iteration cap of the search; default 500. */
  maxIterations?: number;
}

/** The result of {@link oce}. */
export interface OceResult {
  /** ρ(X), the optimal value. */
  risk: number;
  /** ω*, the minimising cash amount. */
  omega: number;
}

/**
 * The optimized certainty equivalent of a P&L sample for a loss ℓ.
 *
 * Formula: ρ(X) = inf_ω { ω + E[ℓ(−X − ω)] }, E the mean over the N samples. For a convex,
 * non-decreasing ℓ with ℓ(0) = 0 and ℓ(x) ≥ x, the objective is convex in ω, non-increasing
 * below −max X and non-decreasing above −min X, so ω* lies in [−max X, −min X]; it is found there
 * by Brent's method ({@link minimizeScalar}). ρ is monotone, cash-invariant and convex.
 *
 * Closed form: for the {@link entropicLoss} the first-order condition E[e^{λ(−X−ω)}] = 1 gives
 * ω* = (1/λ) log E[e^{−λX}] and ρ(X) = ω* exactly, so both are returned by {@link entropicRisk}
 * (stable for any λ and magnitude) without a search. The {@link expectedShortfallLoss} gives the
 * expected shortfall, also in closed form ({@link expectedShortfall}), and ω* = {@link valueAtRisk}.
 * Its objective is piecewise linear: when m = N(1 − α) is a whole number it is flat between the m-th
 * and (m + 1)-th smallest samples, so every ω in [VaR, −x₍ₘ₊₁₎] minimises it; the VaR, the lower end,
 * is the one returned (e.g. `oce([-4, -2, 0, 2], expectedShortfallLoss(0.5))` is
 * `{ risk: 3, omega: 2 }`, although ω = 0.29 gives the same value).
 *
 * Sign convention: P&L in (larger is better); risk and ω out, in the P&L's currency (ω is the
 * cash the hedger sets aside).
 *
 * Shape: `pnl` is [N], non-empty, no NaN; finite for the numerical search.
 *
 * Reference: A. Ben-Tal and M. Teboulle, "An old-new concept of convex risk measures: the
 * optimized certainty equivalent", Math. Finance 17 (2007) 449–476; Buehler et al., "Deep
 * hedging" (2019), section 3; Dard, Pécaut and Soriano, section 2.
 */
export function oce(pnl: ArrayLike<number>, loss: OceLoss, options: OceOptions = {}): OceResult {
  assertPnl(pnl);
  if (loss.kind === "entropic") {
    const risk = entropicRisk(pnl, loss.riskAversion);
    return { risk, omega: risk };
  }
  if (loss.kind === "expected-shortfall") {
    // The objective is flat between two order statistics when N(1 − α) is a whole number: every ω
    // there is a minimiser, and the VaR (the lower end) is the one returned.
    return { risk: expectedShortfall(pnl, loss.level), omega: valueAtRisk(pnl, loss.level) };
  }
  assertOption(loss.evaluate(0) === 0, "loss", loss.name, "must satisfy ℓ(0) = 0");
  const n = pnl.length;
  const { min, max } = finitePnlRange(pnl, "the OCE search");
  const objective = (omega: number): number => {
    // ω + (1/N) Σᵢ ℓ(−xᵢ − ω), compensated (Neumaier).
    let total = 0;
    let compensation = 0;
    for (let i = 0; i < n; i++) {
      const term = loss.evaluate(-pnl[i]! - omega);
      const t = total + term;
      if (Math.abs(total) >= Math.abs(term)) compensation += total - t + term;
      else compensation += term - t + total;
      total = t;
    }
    return omega + (total + compensation) / n;
  };
  const found = minimizeScalar(objective, {
    lower: -max,
    upper: -min,
    tolerance: options.tolerance ?? 1e-12 * Math.max(1, max - min),
    ...(options.maxIterations === undefined ? {} : { maxIterations: options.maxIterations }),
  });
  return { risk: found.value, omega: found.x };
}

/** Options of {@link OCE}. */
export interface OCEOptions extends OceOptions {
  /** The loss ℓ; default `entropicLoss(1.3)`. */
  loss?: OceLoss;
}

/**
 * An optimized certainty equivalent as a {@link RiskMeasure}: holds the loss and the search
 * options and delegates to {@link oce}.
 *
 * Reference: Ben-Tal and Teboulle (2007), see {@link oce}.
 *
 * @example
 * new OCE({ loss: expectedShortfallLoss(0.95) }).risk(pnl); // = expectedShortfall(pnl, 0.95)
 */
export class OCE implements RiskMeasure {
  readonly name: string;
  readonly cashInvariant = true;
  /** ℓ. */
  readonly loss: OceLoss;
  private readonly options: OceOptions;

  constructor(options: OCEOptions = {}) {
    const { loss = entropicLoss(), ...search } = options;
    this.loss = loss;
    this.options = search;
    this.name = `OCE(loss=${loss.name})`;
  }

  risk(pnl: ArrayLike<number>): number {
    return oce(pnl, this.loss, this.options).risk;
  }

  toString(): string {
    return this.name;
  }
}
