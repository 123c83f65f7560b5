import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { Redis } from "ioredis";

/** A redis-server started for a test on a free loopback port. */
export interface TestRedis {
  port: number;
  /** `redis://[[user]:password@]127.0.0.1:PORT`, `rediss://` with TLS. */
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

/** How a test's redis-server is secured. */
export interface TestRedisOptions {
  /** The default user's password (`--requirepass`). */
  password?: string;
  /** An ACL user with every right (`--user NAME on >PASSWORD ~* &* +@all`); the default user is then disabled. */
  user?: { name: string; password: string };
  /** TLS only (`--port 0 --tls-port PORT`), with these PEM files; clients are not asked for certificates. */
  tls?: { cert: string; key: string; ca: string };
}

/**
 * Starts `redis-server` on a free loopback port, in memory only (no RDB, no AOF), secured as
 * `options` say (a string is the default user's password), and resolves once it answers PING.
 */
export async function startRedis(
  executable: string,
  options: string | TestRedisOptions = {},
): Promise<TestRedis> {
  const { password, user, tls } = typeof options === "string" ? { password: options } : options;
  const port = await freePort();
  const args = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  if (tls === undefined) args.push("--port", String(port));
  else
    args.push(
      ...["--port", "0", "--tls-port", String(port), "--tls-auth-clients", "no"],
      ...["--tls-cert-file", tls.cert, "--tls-key-file", tls.key, "--tls-ca-cert-file", tls.ca],
    );
  if (password !== undefined) args.push("--requirepass", password);
  if (user !== undefined)
    args.push(
      ...["--user", user.name, "on", `>${user.password}`, "~*", "&*", "+@all", "--user", "default", "off"],
    );
  const server: ChildProcess = spawn(executable, args, { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => server.on("exit", () => resolve()));
  const client = new Redis({
    host: "127.0.0.1",
    port,
    ...(password !== undefined ? { password } : {}),
    ...(user !== undefined ? { username: user.name, password: user.password } : {}),
    ...(tls !== undefined ? { tls: { ca: readFileSync(tls.ca) } } : {}),
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
      if (attempt > 100) {
        server.kill("SIGTERM");
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  client.disconnect();
  const auth =
    user !== undefined
      ? `${encodeURIComponent(user.name)}:${encodeURIComponent(user.password)}@`
      : password !== undefined
        ? `:${encodeURIComponent(password)}@`
        : "";
  return {
    port,
    url: `${tls !== undefined ? "rediss" : "redis"}://${auth}127.0.0.1:${port}`,
    stop: async () => {
      server.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * Writes a throwaway certificate authority and a server certificate it signed (for `localhost` and
 * `127.0.0.1`, valid one day) into `dir` with `openssl`, for a TLS redis-server.
 *
 * @returns the PEM files: `ca` (the authority's certificate), `cert` and `key` (the server's).
 */
export function makeTestCertificates(dir: string): { ca: string; cert: string; key: string } {
  const file = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => {
    execFileSync("openssl", args, { stdio: "pipe" });
  };
  openssl(
    ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"],
    ...["-keyout", file("ca.key"), "-out", file("ca.pem"), "-subj", "/CN=hedgelab test CA"],
  );
  openssl(
    ...["req", "-newkey", "rsa:2048", "-nodes", "-keyout", file("server.key")],
    ...["-out", file("server.csr"), "-subj", "/CN=localhost"],
  );
  writeFileSync(file("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
  openssl(
    ...["x509", "-req", "-in", file("server.csr"), "-CA", file("ca.pem"), "-CAkey", file("ca.key")],
    ...["-CAcreateserial", "-out", file("server.pem"), "-days", "1", "-extfile", file("server.ext")],
  );
  return { ca: file("ca.pem"), cert: file("server.pem"), key: file("server.key") };
}
