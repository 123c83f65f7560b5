import { describe, expect, it } from "vitest";
import { flagTable } from "../../src/config/flags.js";
import { RunConfigSchema, configValue } from "../../src/config/run-config.js";

describe("flagTable", () => {
  const defaults: unknown = RunConfigSchema.parse({});

  it("shows a field's schema default in its help line, once, as the schema has it (never written twice)", () => {
    for (const spec of flagTable().flags) {
      const value = configValue(defaults, spec.path);
      const shown = spec.help.match(/\(default [^)]*\)?/g) ?? [];
      expect(shown.length, spec.flag).toBeLessThanOrEqual(1);
      if (value === undefined) continue;
      const text = value === null ? "none" : Array.isArray(value) ? value.join(",") : String(value);
      expect(spec.help, spec.flag).toMatch(
        new RegExp(`\\(default ${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\)$`),
      );
    }
  });

  it("reads the profile-dependent defaults of SigDiffusion and the RNN's hidden widths from their constants", () => {
    const help = (flag: string): string => flagTable().flags.find((f) => f.flag.startsWith(`${flag} `))!.help;
    expect(help("--diffusion-epochs")).toContain("(default quick 10, paper 1200)");
    expect(help("--ode-steps")).toContain("(default quick 32, paper 128)");
    expect(help("--hidden")).toContain("(default 64,64 shared; 20,20 per-step)");
    expect(help("--clip")).toContain("(default none)");
    expect(help("--regimes")).toContain("(default 1,2,3,4,5,6)");
  });
});
