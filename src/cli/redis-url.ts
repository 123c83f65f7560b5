import { HedgelabError } from "../errors.js";

/** A Redis server named by `--queue redis://[user:password@]HOST[:PORT][/DB]` (or `rediss://`, over TLS). */
export interface RedisTarget {
  host: string;
  /** TCP port; default 6379. */
  port: number;
  /** Database number; default 0. */
  db: number;
  username?: string;
  password?: string;
  /** True for `rediss://` (TLS). */
  tls: boolean;
  /** The URL with its password replaced by `***`: the only form that may be printed. */
  redacted: string;
}

/** What a password is replaced with in every printed URL. */
const HIDDEN = "***";

/**
 * `text` with the password of any `redis://` or `rediss://` URL in it replaced by `***`
 * (`redis://user:***@host:6379`); a URL with a user name and no password keeps its user name.
 */
export function redactRedisUrl(text: string): string {
  return text.replace(/(rediss?:\/\/)([^@\s/]*)@/gi, (_match, scheme: string, auth: string) => {
    const colon = auth.indexOf(":");
    return colon < 0 ? `${scheme}${HIDDEN}@` : `${scheme}${auth.slice(0, colon)}:${HIDDEN}@`;
  });
}

/**
 * Parses `--queue URL`: `redis://[user[:password]@]HOST[:PORT][/DB]` or `rediss://…`; default
 * port 6379, database 0.
 *
 * @throws HedgelabError `invalid --queue: "redis://:***@host:x" (…)`, the URL redacted.
 */
export function parseRedisUrl(text: string): RedisTarget {
  const fail = (why: string): HedgelabError =>
    new HedgelabError(
      `invalid --queue: ${JSON.stringify(redactRedisUrl(text))} (${why}; expected redis://[user:password@]HOST[:PORT][/DB] or rediss://…)`,
    );
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw fail("not a URL");
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") throw fail(`scheme ${url.protocol}`);
  if (url.hostname === "") throw fail("no host");
  if (url.search !== "" || url.hash !== "") throw fail("no query or fragment allowed");
  const port = url.port === "" ? 6379 : Number(url.port);
  const path = url.pathname.replace(/^\//, "");
  if (path !== "" && !/^\d{1,2}$/.test(path)) throw fail(`database ${JSON.stringify(path)}`);
  const db = path === "" ? 0 : Number(path);
  const username = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const shown = `${url.protocol}//${username !== "" || password !== "" ? `${username}${password !== "" ? `:${HIDDEN}` : ""}@` : ""}${url.host}/${db}`;
  return {
    host,
    port,
    db,
    ...(username !== "" ? { username } : {}),
    ...(password !== "" ? { password } : {}),
    tls: url.protocol === "rediss:",
    redacted: shown,
  };
}

/** Whether `host` is this machine: `localhost`, `127.0.0.0/8` or `::1`. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === "::1";
}

/**
 * Refuses a Redis that is not on loopback and has no password, unless `insecure` (`--insecure`):
 * anyone who reaches such a server could read the study's jobs or queue their own.
 *
 * @throws HedgelabError naming the redacted URL and the two ways out.
 */
export function assertSecureRedis(target: RedisTarget, insecure: boolean): void {
  if (insecure || isLoopback(target.host) || target.password !== undefined) return;
  throw new HedgelabError(
    `refusing ${target.redacted}: it is not on loopback and has no password; give redis://:PASSWORD@${target.host}… (or rediss:// for TLS), or --insecure`,
  );
}
