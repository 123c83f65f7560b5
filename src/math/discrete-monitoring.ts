/**
 * β = −ζ(1/2)/√(2π) ≈ 0.5826, the Broadie–Glasserman–Kou constant: a barrier or running maximum
 * monitored at steps of Δt years behaves like a continuously monitored one moved away from the
 * spot by the factor e^{β σ √Δt}.
 *
 * Reference: M. Broadie, P. Glasserman and S. Kou, "A continuity correction for discrete barrier
 * options", Mathematical Finance 7 (1997) 325–349.
 */
export const MONITORING_BETA = 0.5825971579390107;

/**
 * The continuity correction e^{β σ √Δt} of {@link MONITORING_BETA} for a volatility σ (annualised)
 * monitored every `dt` years; 1 when `dt` is 0 (continuous monitoring).
 */
export function monitoringShift(volatility: number, dt: number): number {
  return Math.exp(MONITORING_BETA * volatility * Math.sqrt(dt));
}
