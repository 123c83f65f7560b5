import { isIP } from "node:net";
import { Redis, type RedisOptions } from "ioredis";
import { HedgelabError } from "../errors.js";
import { assertSecureRedis, parseRedisUrl, type RedisTarget } from "./redis-url.js";

/** How long a coordinator or a worker tries to reach Redis before it gives up with one line, in milliseconds. */
export const REDIS_REACH_MS = 4000;

/** A reachable Redis: the parsed URL and the options of the connections BullMQ opens to it. */
export interface RedisConnection {
  target: RedisTarget;
  /** ioredis options (with `maxRetriesPerRequest: null`, as BullMQ's workers require). */
  options: RedisOptions;
}

/** The ioredis options of `target` (host, port, database, credentials, TLS). */
export function redisOptions(target: RedisTarget): RedisOptions {
  return {
    host: target.host,
    port: target.port,
    db: target.db,
    ...(target.username !== undefined ? { username: target.username } : {}),
    ...(target.password !== undefined ? { password: target.password } : {}),
    // TLS checks the server's certificate against the host name or address (and Node's trusted
    // authorities, with those of NODE_EXTRA_CA_CERTS); SNI is sent for names only (RFC 6066).
    ...(target.tls ? { tls: isIP(target.host) === 0 ? { servername: target.host } : {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/**
 * Parses `--queue URL`, applies the loopback-or-password rule ({@link assertSecureRedis}) and
 * checks, within {@link REDIS_REACH_MS}, that the server answers a PING (as the URL's user, when it
 * names one: a Redis ACL user). With `rediss://` the server's certificate must be signed by an
 * authority Node trusts: its own list, or the PEM file named by the environment variable
 * `NODE_EXTRA_CA_CERTS` (read when the process starts).
 *
 * @throws HedgelabError `cannot reach Redis at redis://…: <why>` (the password never printed; for
 *   an untrusted certificate, with the NODE_EXTRA_CA_CERTS hint).
 */
export async function connectRedis(url: string, insecure: boolean): Promise<RedisConnection> {
  const target = parseRedisUrl(url);
  assertSecureRedis(target, insecure);
  const options = redisOptions(target);
  const probe = new Redis({
    ...options,
    lazyConnect: true,
    connectTimeout: REDIS_REACH_MS - 500,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let cause: string | undefined; // the socket's own error (a refused connection, an untrusted certificate)
  probe.on("error", (error: Error) => (cause ??= error.message)); // reported below, once
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe.connect().then(() => probe.ping()),
      new Promise((_resolve, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer in ${REDIS_REACH_MS / 1000} s`)),
          REDIS_REACH_MS,
        );
      }),
    ]);
  } catch (error) {
    const why = cause ?? (error instanceof Error ? error.message : String(error));
    const clean = redactWhy(why, target.password);
    const hint =
      target.tls && /certificate/i.test(clean)
        ? " (to trust the authority that signed the server's certificate, give its PEM file in NODE_EXTRA_CA_CERTS)"
        : "";
    throw new HedgelabError(`cannot reach Redis at ${target.redacted}: ${clean}${hint}`);
  } finally {
    clearTimeout(timer);
    probe.disconnect();
  }
  return { target, options };
}

/** An error's text on one line, without `secret`. */
function redactWhy(why: string, secret: string | undefined): string {
  const line = why.split("\n")[0]!.trim();
  return secret === undefined || secret === "" ? line : line.split(secret).join("***");
}
