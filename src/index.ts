/**
 * hedgelab's public API: what is not exported here is private.
 *
 * Layers, bottom to top: math, random, tensor, signature, data, generators, instruments, risk,
 * hedgers, training, evaluation, report, schema, graph, market, models, sources, config, store,
 * study (see ../shared/STYLE.md, docs/study.md and test/architecture.test.ts).
 */
export { HedgelabError, isHedgelabError } from "./errors.js";

export * from "./math/sum.js";
export * from "./math/mean.js";
export * from "./math/variance.js";
export * from "./math/quantile.js";
export * from "./math/log-sum-exp.js";
export * from "./math/normal.js";
export * from "./math/black-scholes.js";
export * from "./math/cholesky.js";
export * from "./math/minimize-scalar.js";

export * from "./random/random-source.js";

export * from "./data/price-table.js";
export * from "./data/path-batch.js";
export * from "./data/parse-prices.js";
export * from "./data/merge-price-tables.js";
export * from "./data/load-prices.js";
export * from "./data/date-span.js";
export { validatePrices, findGaps, type ValidatePricesOptions } from "./data/validate-prices.js";
export * from "./data/rolling-windows.js";
export * from "./data/chronological-split.js";
export * from "./data/hedge-sets.js";

export * from "./generators/gbm.js";

export {
  EuropeanOption,
  europeanPayoff,
  DEFAULT_STRIKE,
  type EuropeanOptionOptions,
} from "./instruments/european-option.js";
export type { Claim, ClaimMarket } from "./instruments/claim.js";
export { AsianOption } from "./instruments/asian-option.js";
export { LookbackOption } from "./instruments/lookback-option.js";
export { BarrierOption, DEFAULT_BARRIER } from "./instruments/barrier-option.js";
export { DigitalOption } from "./instruments/digital-option.js";
export { withListedOptions, type ListedOptionPricing } from "./instruments/listed-options.js";

export * from "./risk/risk-measure.js";
export * from "./risk/entropic-risk.js";
export * from "./risk/value-at-risk.js";
export * from "./risk/expected-shortfall.js";
export * from "./risk/oce.js";
export * from "./risk/indifference-price.js";

export * from "./hedgers/hedging-policy.js";
export * from "./hedgers/hedge-pnl.js";
export * from "./hedgers/delta-hedge.js";
export * from "./hedgers/no-hedge.js";
export * from "./hedgers/volatility-feature.js";

export * from "./evaluation/bootstrap.js";
export * from "./evaluation/pnl-summary.js";
export * from "./evaluation/evaluate-policy.js";
export * from "./evaluation/delta-comparison.js";
export * from "./evaluation/comparison-table.js";

export * from "./config/run-config.js";
export * from "./config/flags.js";
export * from "./risk/risk-measure-entry.js";
export * from "./risk/risk-measures.js";
export * from "./graph/identity.js";
export * from "./graph/cell.js";
export * from "./graph/cell-store.js";
export * from "./graph/execute-graph.js";
export * from "./models/model-entry.js";
export * from "./models/registry.js";
export * from "./sources/source-entry.js";
export * from "./sources/registry.js";
export * from "./store/folder-store.js";
export * from "./study/study-context.js";
export * from "./study/study-graph.js";
export * from "./study/run-study.js";
export * from "./study/run-files.js";
export { VERSION } from "./version.js";

export * from "./tensor/tensor.js";
export { backward } from "./tensor/backward.js";
export * from "./tensor/adam.js";
export * from "./tensor/learning-rate.js";
export * from "./hedgers/neural-policy.js";
export * from "./hedgers/rnn-hedger.js";
export * from "./hedgers/residual-hedger.js";
export * from "./hedgers/delta-features.js";
export * from "./hedgers/restore-policy.js";
export * from "./hedgers/sigformer-options.js";
export * from "./hedgers/sigformer-hedger.js";
export * from "./hedgers/no-transaction-band-hedger.js";
export * from "./training/hedging-loss.js";
export * from "./training/pnl-tensor.js";
export * from "./training/fit.js";
export * from "./market/market-data.js";
export * from "./study/train-policy.js";
export * from "./store/model-file.js";

export * from "./signature/tensor-algebra.js";
export * from "./signature/signature.js";
export * from "./signature/signature-stream.js";
export * from "./signature/tensor-log-exp.js";
export * from "./signature/lyndon.js";
export * from "./signature/log-signature.js";
export * from "./signature/shuffle.js";
export * from "./signature/fourier-inversion.js";
export * from "./signature/augmentations.js";
export * from "./generators/market-features.js";
export * from "./generators/regime-model.js";
export * from "./generators/regime-dynamics.js";
export * from "./generators/regime-black-scholes.js";
export * from "./math/gaussian-mixture.js";
export * from "./math/mixture-selection.js";
export * from "./math/k-means.js";
export * from "./market/market-regimes.js";

export * from "./math/histogram.js";
export * from "./evaluation/holding-surface.js";
export * from "./evaluation/difference-surface.js";
export * from "./evaluation/largest-differences.js";
export * from "./report/report-data.js";
export * from "./report/chart.js";
export * from "./report/return-distribution-chart.js";
export * from "./report/regime-timeline-chart.js";
export * from "./report/risk-across-hedge-sets-chart.js";
export * from "./report/holding-surface-chart.js";
export * from "./report/difference-surface-chart.js";
export * from "./report/hedge-path-chart.js";
export * from "./report/pnl-histogram-chart.js";
export * from "./report/training-curves-chart.js";
export * from "./report/risk-table.js";
export * from "./report/report-text.js";
export * from "./report/summary-text.js";
export * from "./report/figure-text.js";
export * from "./report/build-report.js";
export * from "./report/report-html.js";
export * from "./report/render-chart.js";
export * from "./report/render-report.js";
export * from "./store/report-files.js";
export * from "./store/figure-files.js";
export * from "./store/read-run.js";

export * from "./generators/sigdiffusion.js";
export * from "./generators/sigdiffusion-embedding.js";
export * from "./generators/sigdiffusion-inversion.js";
export * from "./generators/score-network.js";
export * from "./generators/score-training.js";
export * from "./generators/vp-sde.js";
export * from "./generators/token-moments.js";
export * from "./math/piecewise-linear-fourier.js";
export * from "./evaluation/path-statistics.js";
export * from "./evaluation/discriminative-score.js";
export * from "./evaluation/path-quality.js";
export * from "./sources/sigdiffusion-paths.js";
