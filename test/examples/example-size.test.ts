import { describe, expect, it } from "vitest";
import { exampleSize, isEntryPoint } from "../../examples/example-size.js";

describe("exampleSize", () => {
  it('is "full" when HEDGELAB_EXAMPLE_SIZE is unset or empty, so that the examples run as before', () => {
    expect(exampleSize({})).toBe("full");
    expect(exampleSize({ HEDGELAB_EXAMPLE_SIZE: "" })).toBe("full");
  });

  it('reads "tiny" and "full" from HEDGELAB_EXAMPLE_SIZE', () => {
    expect(exampleSize({ HEDGELAB_EXAMPLE_SIZE: "tiny" })).toBe("tiny");
    expect(exampleSize({ HEDGELAB_EXAMPLE_SIZE: "full" })).toBe("full");
  });

  it("rejects any other size with a message that names the variable and the value", () => {
    expect(() => exampleSize({ HEDGELAB_EXAMPLE_SIZE: "small" })).toThrow(
      "invalid HEDGELAB_EXAMPLE_SIZE: small (choose full or tiny)",
    );
  });
});

describe("isEntryPoint", () => {
  it("is false for a module that was imported (as the examples are by these tests)", () => {
    expect(isEntryPoint(import.meta.url)).toBe(false);
  });
});
