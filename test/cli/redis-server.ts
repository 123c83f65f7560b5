import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { Redis } from "ioredis";

/** A redis-server started for a test on a free loopback port. */
export interface TestRedis {
  port: number;
  /** `redis://[:password@]127.0.0.1:PORT`. */
  url: string;
  /** Stops the server (SIGTERM) and waits for it. */
  stop: () => Promise<void>;
}

/** Debian's redis-server, or undefined when it is not installed. */
export function findRedisServer(): string | undefined {
  const found = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  const path = found.stdout.trim();
  return found.status === 0 && path !== "" ? path : undefined;
}

/** A TCP port nobody listens on now (the OS's pick). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `redis-server` on a free loopback port, in memory only (no RDB, no AOF), with `password`
 * when given, and resolves once it answers PING.
 */
export async function startRedis(executable: string, password?: string): Promise<TestRedis> {
  const port = await freePort();
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  if (password !== undefined) args.push("--requirepass", password);
  const server: ChildProcess = spawn(executable, args, { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => server.on("exit", () => resolve()));
  const client = new Redis({
    host: "127.0.0.1",
    port,
    ...(password !== undefined ? { password } : {}),
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  client.on("error", () => {});
  for (let attempt = 0; ; attempt++) {
    try {
      await client.connect();
      await client.ping();
      break;
    } catch (error) {
      client.disconnect();
      if (attempt > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  client.disconnect();
  const auth = password !== undefined ? `:${encodeURIComponent(password)}@` : "";
  return {
    port,
    url: `redis://${auth}127.0.0.1:${port}`,
    stop: async () => {
      server.kill("SIGTERM");
      await exited;
    },
  };
}
