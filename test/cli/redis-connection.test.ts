import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { redisOptions } from "../../src/cli/redis-connection.js";
import { parseRedisUrl } from "../../src/cli/redis-url.js";
import {
  filesUnder,
  hedgelab,
  killRunning,
  startupSeconds,
  trainingStudy,
  until,
  type HedgelabProcess,
} from "./hedgelab-process.js";
import { findRedisServer, makeTestCertificates, startRedis, type TestRedis } from "./redis-server.js";

/**
 * A coordinator and a worker reach Debian's redis-server as a Redis ACL user
 * (`redis://user:password@…`) and over TLS (`rediss://…`, a throwaway authority made with openssl,
 * trusted through NODE_EXTRA_CA_CERTS), started on a free loopback port: no mock.
 */
const redisServer = findRedisServer();
if (!redisServer)
  console.warn("Redis ACL and TLS tests skipped: no redis-server found (install Debian's redis-server)");

const ALICE = { name: "alice", password: "acl-Vb73kQ0w" };
const PASSWORD = "tls-Hn52pR8y";

describe("redisOptions", () => {
  it("gives ioredis the URL's user and password, and TLS with SNI for a host name only", () => {
    expect(redisOptions(parseRedisUrl("redis://alice:pw@127.0.0.1:7000/2"))).toEqual({
      host: "127.0.0.1",
      port: 7000,
      db: 2,
      username: "alice",
      password: "pw",
      maxRetriesPerRequest: null,
    });
    expect(redisOptions(parseRedisUrl("rediss://:pw@127.0.0.1")).tls).toEqual({});
    expect(redisOptions(parseRedisUrl("rediss://:pw@redis.example")).tls).toEqual({
      servername: "redis.example",
    });
  });
});

describe.skipIf(!redisServer)("a coordinator and a worker on a secured redis-server", () => {
  const dir = mkdtempSync(join(tmpdir(), "hedgelab-redis-"));
  let redis: TestRedis | undefined;
  afterEach(async () => {
    killRunning();
    await redis?.stop();
    redis = undefined;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the tiny study through one worker; both must exit or be stopped cleanly. */
  async function studyOnQueue(
    url: string,
    out: string,
    env: NodeJS.ProcessEnv = {},
  ): Promise<{ run: HedgelabProcess; worker: HedgelabProcess; code: number | null }> {
    const worker = hedgelab(["worker", "--queue", url, "--cache", join(out, ".cache")], env);
    try {
      await until(() => worker.out().includes("waiting for jobs"), "the worker");
      const run = hedgelab([...trainingStudy(1), "--out", out, "--name", "s", "--queue", url], env);
      const { code } = await run.exit;
      return { run, worker, code };
    } finally {
      worker.process.kill("SIGTERM");
      await worker.exit;
    }
  }

  it("redis://user:password@host reaches Redis as that ACL user (the default user disabled), and the password is printed and written nowhere", async () => {
    redis = await startRedis(redisServer!, { user: ALICE });
    expect(redis.url).toBe(`redis://alice:${ALICE.password}@127.0.0.1:${redis.port}`);
    const out = join(dir, "acl");
    const { run, worker, code } = await studyOnQueue(redis.url, out);
    expect(run.out()).not.toMatch(/^hedgelab:/m);
    expect(code).toBe(0);
    const shown = `redis://alice:***@127.0.0.1:${redis.port}/0`;
    expect(run.out()).toContain(`as jobs on ${shown}`);
    expect(worker.out()).toContain(`waiting for jobs on ${shown}`);
    expect(worker.out()).toMatch(/training [0-9a-f]{8}: stored in/);
    for (const text of [run.out(), worker.out()]) expect(text).not.toContain(ALICE.password);
    for (const file of filesUnder(out)) expect(readFileSync(file).includes(ALICE.password), file).toBe(false);
    // The server saw alice: without her name (the default user, disabled) or with a wrong password, one line.
    const probe = new Redis({
      host: "127.0.0.1",
      port: redis.port,
      username: "alice",
      password: ALICE.password,
    });
    expect(await probe.acl("WHOAMI")).toBe("alice");
    probe.disconnect();
    const wrong = "not-" + ALICE.password;
    for (const url of [
      `redis://:${ALICE.password}@127.0.0.1:${redis.port}`,
      `redis://alice:${wrong}@127.0.0.1:${redis.port}`,
    ]) {
      const refused = hedgelab(["worker", "--queue", url, "--cache", join(dir, "refused")]);
      expect((await refused.exit).code).toBe(1);
      expect(refused.out()).toMatch(
        /^hedgelab: cannot reach Redis at redis:\/\/(alice)?:\*\*\*@127\.0\.0\.1:\d+\/0: WRONGPASS .+\n$/,
      );
      expect(refused.out()).not.toContain(ALICE.password);
    }
  }, 40_000);

  it("rediss:// reaches a TLS-only Redis whose authority is given in NODE_EXTRA_CA_CERTS, and without it says so in one line", async () => {
    const certificates = makeTestCertificates(mkdtempSync(join(dir, "tls-")));
    redis = await startRedis(redisServer!, { password: PASSWORD, tls: certificates });
    expect(redis.url).toBe(`rediss://:${PASSWORD}@127.0.0.1:${redis.port}`);
    // Without the authority: one line, exit 1, within 5 s, the password hidden.
    const startup = await startupSeconds();
    const untrusted = hedgelab([...trainingStudy(1), "--out", join(dir, "untrusted"), "--queue", redis.url]);
    const refused = await untrusted.exit;
    expect(refused.code).toBe(1);
    expect(refused.seconds).toBeLessThan(5 + startup);
    expect(untrusted.out()).toMatch(
      /^hedgelab: cannot reach Redis at rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+\/0: .*certificate.* \(to trust the authority that signed the server's certificate, give its PEM file in NODE_EXTRA_CA_CERTS\)\n$/,
    );
    // Plain redis:// to a TLS port gets no answer it understands: refused too, in one line.
    const plain = hedgelab([
      "worker",
      "--queue",
      redis.url.replace("rediss:", "redis:"),
      "--cache",
      join(dir, "plain"),
    ]);
    expect((await plain.exit).code).toBe(1);
    expect(plain.out()).toMatch(
      /^hedgelab: cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/0: .+\n$/,
    );
    // With it: the study runs through a worker over TLS.
    const out = join(dir, "tls");
    const { run, worker, code } = await studyOnQueue(redis.url, out, {
      NODE_EXTRA_CA_CERTS: certificates.ca,
    });
    expect(run.out()).not.toMatch(/^hedgelab:/m);
    expect(code).toBe(0);
    expect(run.out()).toContain(`as jobs on rediss://:***@127.0.0.1:${redis.port}/0`);
    expect(worker.out()).toMatch(/training [0-9a-f]{8}: stored in/);
    expect(run.out() + worker.out()).not.toMatch(/Warning|ServerName/);
    for (const text of [run.out(), worker.out(), plain.out(), untrusted.out()])
      expect(text).not.toContain(PASSWORD);
    for (const file of filesUnder(out)) expect(readFileSync(file).includes(PASSWORD), file).toBe(false);
  }, 40_000);
});
