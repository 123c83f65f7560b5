import { readFileSync } from "node:fs";

/** The installed hedgelab version, read from package.json (the folder above this file in src/ and dist/). */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;
