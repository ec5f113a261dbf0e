#!/usr/bin/env node
// The `scf` command line. Runs the TypeScript sources through tsx on the project's Node 22.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  console.error(
    `scf: needs Node.js >= 22 (this is ${process.version}); run it as "npx scf", which uses the project's Node 22`,
  );
  process.exit(1);
}

// Hardhat finds its config from the working directory: run from the project root, but resolve
// the user's file arguments against the directory they typed the command in.
process.env.SCF_USER_CWD ??= process.cwd();
process.chdir(resolve(dirname(fileURLToPath(import.meta.url)), ".."));

const { register } = await import("tsx/esm/api");
register();
await import("../src/cli/main.ts");
