import { describe, expect, it } from "vitest";
import { assertSecureRedis, isLoopback, parseRedisUrl, redactRedisUrl } from "../../src/cli/redis-url.js";

describe("parseRedisUrl", () => {
  it("reads host, port (default 6379), database (default 0), credentials and TLS", () => {
    expect(parseRedisUrl("redis://127.0.0.1")).toEqual({
      host: "127.0.0.1",
      port: 6379,
      db: 0,
      tls: false,
      redacted: "redis://127.0.0.1/0",
    });
    expect(parseRedisUrl("rediss://alice:s3cr%40t@cache.example:6380/2")).toEqual({
      host: "cache.example",
      port: 6380,
      db: 2,
      username: "alice",
      password: "s3cr@t",
      tls: true,
      redacted: "rediss://alice:***@cache.example:6380/2",
    });
    expect(parseRedisUrl("redis://:pw@[::1]:7000").host).toBe("::1");
    expect(parseRedisUrl("redis://:pw@[::1]:7000").redacted).toBe("redis://:***@[::1]:7000/0");
  });
  it.each([
    ["http://host", "scheme http:"],
    ["redis://host/x", 'database "x"'],
    ["redis://host?db=1", "no query or fragment allowed"],
    ["not a url", "not a URL"],
  ])("refuses %j with one line", (text, why) => {
    expect(() => parseRedisUrl(text)).toThrow(`invalid --queue: ${JSON.stringify(text)} (${why};`);
  });
  it("never prints the password of a URL it refuses", () => {
    expect(() => parseRedisUrl("redis://u:hunter2@host/abc")).toThrow(
      'invalid --queue: "redis://u:***@host/abc" (database "abc";',
    );
    expect(() => parseRedisUrl("redis://u:hunter2@host/abc")).not.toThrow(/hunter2/);
  });
});

describe("redactRedisUrl", () => {
  it("replaces every password in a text by ***, keeping user names", () => {
    expect(redactRedisUrl("a redis://u:p@h:1/0 and rediss://:q@h2 end")).toBe(
      "a redis://u:***@h:1/0 and rediss://:***@h2 end",
    );
    expect(redactRedisUrl("redis://secret@h")).toBe("redis://***@h");
    expect(redactRedisUrl("redis://h:6379")).toBe("redis://h:6379");
  });
});

describe("the loopback-or-password rule", () => {
  it("knows loopback hosts", () => {
    for (const host of ["localhost", "127.0.0.1", "127.1.2.3", "::1"]) expect(isLoopback(host)).toBe(true);
    for (const host of ["10.0.0.1", "redis.example", "0.0.0.0", "::"]) expect(isLoopback(host)).toBe(false);
  });
  it("accepts loopback, a password, or --insecure; refuses the rest with one line", () => {
    expect(() => assertSecureRedis(parseRedisUrl("redis://localhost"), false)).not.toThrow();
    expect(() => assertSecureRedis(parseRedisUrl("redis://:pw@10.0.0.1"), false)).not.toThrow();
    expect(() => assertSecureRedis(parseRedisUrl("redis://10.0.0.1"), true)).not.toThrow();
    expect(() => assertSecureRedis(parseRedisUrl("redis://10.0.0.1:6380/1"), false)).toThrow(
      "refusing redis://10.0.0.1:6380/1: it is not on loopback and has no password; give redis://:PASSWORD@10.0.0.1… (or rediss:// for TLS), or --insecure",
    );
  });
});
