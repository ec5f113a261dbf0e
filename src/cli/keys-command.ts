import { Command } from "commander";
import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { demoCast } from "../chain/cast.js";
import { keysPassword, loadKeysFile, newKeysFile } from "../chain/keystore.js";
import { ScfError } from "../domain/errors.js";
import { writeAtomically } from "../durable/state-dir.js";
import { runCommand, userPath } from "./run-command.js";

/** `scf keys`: the participants' own keys for a chain that is not a development chain. */
export function keysCommand(): Command {
  const keys = new Command("keys").description(
    "make or list the participants' own keys, each in an encrypted keystore (for `scf serve --keys`)",
  );
  keys
    .command("new")
    .description("new random keys for every participant of the demo consortium, encrypted with one password")
    .option("--out <file>", "where to write the keys file", "scf-keys.json")
    .option("--force", "replace an existing keys file")
    .action(
      runCommand(async (opts: { out: string; force?: boolean }) => {
        const path = userPath(opts.out);
        if (existsSync(path) && !opts.force) {
          throw new ScfError("FILE_EXISTS", `${path} exists: keep it, or replace it with --force`);
        }
        mkdirSync(dirname(path), { recursive: true }); // a path that cannot be written fails before the scrypt work
        const password = await keysPassword();
        if (password.length < 8) throw new ScfError("WEAK_PASSWORD", "the password must have at least 8 characters");
        const file = await newKeysFile(demoCast(), password);
        writeAtomically(path, JSON.stringify(file, null, 2) + "\n");
        console.log(`scf keys: ${file.participants.length} encrypted keystores in ${path}`);
        for (const p of file.participants) console.log(`  ${p.id.padEnd(24)} ${p.address}`);
        console.log("the password is not stored: keep it (SCF_KEYS_PASSWORD) where the service runs");
      }),
    );
  keys
    .command("list")
    .description("the participants and addresses of a keys file (no password needed)")
    .argument("<file>", "a keys file made by `scf keys new`")
    .action(
      runCommand(async (file: string) => {
        const parsed = await loadKeysFile(userPath(file));
        for (const p of parsed.participants) console.log(`${p.id.padEnd(24)} ${p.address}`);
      }),
    );
  return keys;
}
