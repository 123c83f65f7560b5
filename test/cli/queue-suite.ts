import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue } from "bullmq";
import { afterAll, afterEach, beforeAll } from "vitest";
import { CELL_QUEUE } from "../../src/cli/cell-job.js";
import { killRunning } from "./hedgelab-process.js";
import { startRedis, type TestRedis } from "./redis-server.js";

/**
 * The fixture of a `describe` block of queue tests: Debian's redis-server started on a free loopback
 * port before its tests and stopped after them; after each test, every `hedgelab` child killed and
 * the queue emptied, so no job a test left reaches the next; a temporary folder removed at the end.
 *
 * @param executable - the redis-server to start (`findRedisServer()`).
 * @param prefix - the temporary folder's prefix (`hedgelab-worker-`).
 * @returns the folder, and the server once started.
 */
export function queueSuite(executable: string, prefix: string): { dir: string; redis: () => TestRedis } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let redis: TestRedis | undefined;
  beforeAll(async () => {
    redis = await startRedis(executable);
  });
  afterEach(async () => {
    killRunning();
    const queue = new Queue(CELL_QUEUE, { connection: { host: "127.0.0.1", port: redis!.port } });
    await queue.obliterate({ force: true });
    await queue.close();
  });
  afterAll(async () => {
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir, redis: () => redis! };
}
