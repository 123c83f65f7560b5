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
    ...(target.tls ? { tls: { servername: target.host } } : {}),
    maxRetriesPerRequest: null,
  };
}

/**
 * Parses `--queue URL`, applies the loopback-or-password rule ({@link assertSecureRedis}) and
 * checks, within {@link REDIS_REACH_MS}, that the server answers a PING.
 *
 * @throws HedgelabError `cannot reach Redis at redis://…: <why>` (the password never printed).
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
  probe.on("error", () => {}); // reported below, once
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
    const why = error instanceof Error ? error.message : String(error);
    const secret = target.password;
    const clean = redactWhy(why, secret);
    throw new HedgelabError(`cannot reach Redis at ${target.redacted}: ${clean}`);
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
