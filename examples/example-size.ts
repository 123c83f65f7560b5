/**
 * The size an example runs at: `full` (the default: the runs whose figures docs/ reports) or `tiny`
 * (a few seconds: the smoke tests in test/examples/). Set by the environment variable
 * `HEDGELAB_EXAMPLE_SIZE`, e.g. `HEDGELAB_EXAMPLE_SIZE=tiny npm run example:delta`.
 */
import { pathToFileURL } from "node:url";

/** The sizes an example runs at. */
export const EXAMPLE_SIZES = ["full", "tiny"] as const;
export type ExampleSize = (typeof EXAMPLE_SIZES)[number];

/**
 * The size set by `HEDGELAB_EXAMPLE_SIZE` in `env` ("full" when unset or empty); any other value
 * fails with a message that names it.
 */
export function exampleSize(env: NodeJS.ProcessEnv = process.env): ExampleSize {
  const value = env.HEDGELAB_EXAMPLE_SIZE || "full";
  if (!(EXAMPLE_SIZES as readonly string[]).includes(value)) {
    throw new Error(`invalid HEDGELAB_EXAMPLE_SIZE: ${value} (choose ${EXAMPLE_SIZES.join(" or ")})`);
  }
  return value as ExampleSize;
}

/** Whether the module whose `import.meta.url` is `url` is the script Node was started with. */
export function isEntryPoint(url: string): boolean {
  const script = process.argv[1];
  return script !== undefined && url === pathToFileURL(script).href;
}
