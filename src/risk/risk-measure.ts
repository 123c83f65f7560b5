/**
 * A monetary risk measure ρ of a profit-and-loss sample: the common shape of every measure in
 * `src/risk` and the slot a hedger's objective and the evaluation tables take.
 *
 * Sign convention: the input X is P&L, where larger is better (a gain is positive); the output
 * ρ(X) is a risk, where larger is worse. ρ(X) is read as the cash that must be added to the
 * position to make it acceptable, so a riskless gain c has ρ(c) = −c for a normalised measure.
 *
 * Axioms (Föllmer–Schied): monotone, X ≤ Y ⇒ ρ(X) ≥ ρ(Y); cash-invariant, ρ(X + c) = ρ(X) − c;
 * convex, ρ(tX + (1 − t)Y) ≤ tρ(X) + (1 − t)ρ(Y). Every measure here is monotone except the
 * mean-variance criterion (`mean-variance.ts`); the flag {@link RiskMeasure.cashInvariant} says
 * which are cash-invariant (the clipped entropic risk is not).
 *
 * Reference: H. Föllmer and A. Schied, Stochastic Finance, 4th ed., de Gruyter (2016), chapter 4;
 * H. Buehler, L. Gonon, J. Teichmann and B. Wood, "Deep hedging", Quantitative Finance 19 (2019)
 * 1271–1291, section 3.
 */
export interface RiskMeasure {
  /** A printable description with the parameters, e.g. `EntropicRisk(riskAversion=1.3)`. */
  readonly name: string;
  /**
   * The cash-invariance marker: true when ρ(X + c) = ρ(X) − c for every constant c, so that the
   * indifference price is simply ρ(X) − ρ(0) (see `indifferencePrice`).
   */
  readonly cashInvariant: boolean;
  /**
   * ρ(X) of the empirical distribution of the sample, each sample weighted 1/N.
   *
   * Shape: `pnl` is [N], non-empty, no NaN.
   */
  risk(pnl: ArrayLike<number>): number;
}
