import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from "node:fs";
import { ScfError } from "../domain/errors.js";

/**
 * An append-only file of JSON lines, each written and flushed to disk (fsync) before `append`
 * returns: what was appended survives a crash of the process or of the machine. A line cut short
 * by a crash (never acknowledged) is dropped when the file is opened again.
 */
export class Journal<T> {
  readonly path: string;
  /** The entries found when the file was opened, in order (later appends are not kept in memory). */
  readonly entries: T[];
  /** Entries appended since the file was opened. */
  appended = 0;
  private fd: number;
  private size: number;

  private constructor(path: string, entries: T[], fd: number, size: number) {
    this.path = path;
    this.entries = entries;
    this.fd = fd;
    this.size = size;
  }

  /**
   * Opens (or creates) a journal and reads what it holds.
   * @example const journal = Journal.open<Entry>("state/chain.jsonl"); for (const e of journal.entries) replay(e);
   */
  static open<T>(path: string): Journal<T> {
    const text = existsSync(path) ? readFileSync(path, "utf8") : "";
    const entries: T[] = [];
    let kept = 0;
    let lineNumber = 0;
    for (let start = 0; start < text.length;) {
      const end = text.indexOf("\n", start);
      lineNumber += 1;
      if (end < 0) break; // a torn last line: it was never acknowledged
      const line = text.slice(start, end);
      try {
        entries.push(JSON.parse(line) as T);
      } catch (cause) {
        if (text.indexOf("\n", end + 1) >= 0) {
          throw new ScfError("JOURNAL_CORRUPT", `${path}:${lineNumber}: not a journal entry (the file is damaged)`, {
            cause,
          });
        }
        break; // a damaged last line, likewise never acknowledged
      }
      start = end + 1;
      kept = start;
    }
    const fd = openSync(path, existsSync(path) ? "r+" : "w+", 0o600);
    const bytes = Buffer.byteLength(text.slice(0, kept));
    if (bytes !== Buffer.byteLength(text)) {
      ftruncateSync(fd, bytes);
      fsyncSync(fd);
    }
    return new Journal(path, entries, fd, bytes);
  }

  /** Appends one entry and waits until it is on disk. */
  append(entry: T): void {
    this.appendMany([entry]);
  }

  /** Appends entries in order and waits until they are on disk (one flush for all). */
  appendMany(entries: T[]): void {
    if (entries.length === 0) return;
    const bytes = Buffer.from(entries.map((e) => JSON.stringify(e) + "\n").join(""));
    let written = 0;
    while (written < bytes.length)
      written += writeSync(this.fd, bytes, written, bytes.length - written, this.size + written);
    fsyncSync(this.fd);
    this.size += bytes.length;
    this.appended += entries.length;
  }

  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
  }
}
