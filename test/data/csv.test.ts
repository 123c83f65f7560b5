import { describe, expect, it } from "vitest";
import { parseCsv, streamCsv } from "../../src/data/csv.js";
import { HedgelabError } from "../../src/errors.js";

describe("parseCsv", () => {
  it("returns the header and each record with its 1-based line", () => {
    const table = parseCsv("date,A,B\n2024-01-02,1,2\n2024-01-03,3,4\n", "p.csv");
    expect(table.header).toEqual(["date", "A", "B"]);
    expect(table.headerLine).toBe(1);
    expect(table.rows).toEqual([
      { line: 2, fields: ["2024-01-02", "1", "2"] },
      { line: 3, fields: ["2024-01-03", "3", "4"] },
    ]);
  });

  it("unquotes quoted fields, keeping commas, doubled quotes and line breaks inside them", () => {
    const table = parseCsv('name,note\n"a,b","say ""hi"""\n"two\nlines",x\nlast,""\n', "q.csv");
    expect(table.rows.map((row) => row.fields)).toEqual([
      ["a,b", 'say "hi"'],
      ["two\nlines", "x"],
      ["last", ""],
    ]);
    expect(table.rows.map((row) => row.line)).toEqual([2, 3, 5]);
  });

  it("reads CRLF and LF alike, drops a byte-order mark and needs no final newline", () => {
    const crlf = parseCsv("\uFEFFdate,A\r\n2024-01-02,1\r\n2024-01-03,2", "a.csv");
    const lf = parseCsv("date,A\n2024-01-02,1\n2024-01-03,2\n", "a.csv");
    expect(crlf).toEqual(lf);
    expect(crlf.header[0]).toBe("date");
  });

  it("skips blank and whitespace-only lines but counts them in line numbers", () => {
    const table = parseCsv('\ndate,A\n\n2024-01-02,1\n  \n"2024-01-03",2\n\n', "b.csv");
    expect(table.headerLine).toBe(2);
    expect(table.rows.map((row) => row.line)).toEqual([4, 6]);
  });

  it("keeps empty fields, including a trailing one", () => {
    expect(parseCsv("a,b,c\n1,,\n", "e.csv").rows[0]!.fields).toEqual(["1", "", ""]);
  });

  it("rejects a record whose field count differs from the header, naming file and line", () => {
    const text = "date,A,B\n2024-01-02,1,2\n2024-01-03,1,2,3\n";
    expect(() => parseCsv(text, "prices.csv")).toThrow(HedgelabError);
    expect(() => parseCsv(text, "prices.csv")).toThrow("prices.csv line 3: 4 fields, header has 3");
    expect(() => parseCsv('date,A,B\n"x\ny",1\n', "q.csv")).toThrow("q.csv line 2: 2 fields, header has 3");
  });

  it("rejects an unterminated quote, naming the line where it opens", () => {
    expect(() => parseCsv('date,A\n2024-01-02,1\n2024-01-03,"2\n', "u.csv")).toThrow(
      /^u\.csv line 3: unterminated quoted field/,
    );
  });

  it("rejects text after a closing quote", () => {
    expect(() => parseCsv('a,b\n"x"y,1\n', "t.csv")).toThrow(
      /^t\.csv line 2: unexpected text after a closing quote/,
    );
  });

  it("rejects an empty file", () => {
    expect(() => parseCsv("", "empty.csv")).toThrow("empty.csv: the file is empty");
    expect(() => parseCsv("\uFEFF\n \n", "empty.csv")).toThrow("empty.csv: the file is empty");
  });
});

describe("streamCsv", () => {
  const text = '\uFEFFname,note\r\n"a,b","say ""hi"""\r\n"two\r\nlines",x\n\nlast,""\rend,1\n';

  it("reads text cut into chunks anywhere (inside quotes, between CR and LF) as the whole text", () => {
    const whole = parseCsv(text, "q.csv");
    for (let cut = 0; cut <= text.length; cut++) {
      const csv = streamCsv([text.slice(0, cut), text.slice(cut)], "q.csv");
      expect({ header: csv.header, headerLine: csv.headerLine, rows: [...csv.rows] }, `cut ${cut}`).toEqual({
        header: whole.header,
        headerLine: whole.headerLine,
        rows: whole.rows,
      });
    }
    const single = streamCsv(Array.from(text), "q.csv");
    expect([...single.rows]).toEqual(whole.rows);
  });

  it("fails at the first bad line of an endless stream, without reading on", () => {
    let served = 0;
    function* endless(): Generator<string> {
      yield "date,A,B\n2024-01-02,1,2\n2024-01-03,1\n";
      for (;;) {
        served++;
        yield "2024-01-04,1,2\n";
      }
    }
    const csv = streamCsv(endless(), "big.csv");
    expect(() => [...csv.rows]).toThrow("big.csv line 3: 2 fields, header has 3");
    expect(served).toBe(0);
  });

  it("refuses a record longer than the limit instead of buffering a file whole", () => {
    function* noNewline(): Generator<string> {
      for (;;) yield "x".repeat(1000);
    }
    expect(() => streamCsv(noNewline(), "blob.bin", 10_000)).toThrow(
      "blob.bin line 1: a record longer than 10000 characters (an unterminated quote, or not a CSV file)",
    );
    function* openQuote(): Generator<string> {
      yield 'date,A\n2024-01-02,"1\n';
      for (;;) yield "2024-01-03,2\n";
    }
    expect(() => [...streamCsv(openQuote(), "q.csv", 10_000).rows]).toThrow(
      /^q\.csv line 2: a record longer than 10000 characters/,
    );
  });
});
