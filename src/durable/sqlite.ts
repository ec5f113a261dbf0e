import type { DatabaseSync } from "node:sqlite";

// Node's own SQLite driver (node:sqlite, no native addon to build) announces itself as
// experimental on first load; that notice is not for our users.
const emitWarning = process.emitWarning;
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  if (String(warning).includes("SQLite")) return;
  (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
}) as typeof process.emitWarning;
const { DatabaseSync: Database } = await import("node:sqlite");
process.emitWarning = emitWarning;

/**
 * Opens a SQLite database in WAL mode (readers never block the writer; a crash never leaves a
 * half-written transaction), waiting up to 5 s for a lock held by another process.
 * @example const db = openDatabase("state/index.sqlite");
 */
export function openDatabase(path: string): DatabaseSync {
  const db = new Database(path, { timeout: 5_000 });
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
  return db;
}
