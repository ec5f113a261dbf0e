import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { ScfError } from "../domain/errors.js";
import { devKey } from "./cast.js";
import type { Deployment } from "./deploy.js";

/** What `scf node` (and `scf serve --manifest`) writes so that any Ethereum tool can join in. */
export interface Manifest {
  chainId: string;
  rpcUrl: string;
  contracts: Record<string, string>;
  participants: {
    id: string;
    name: string;
    nameZh?: string;
    role: string;
    address: string;
    /** Only development keys (derived from a public seed) are written; participants' own keys never. */
    privateKey?: string;
    apiToken?: string;
  }[];
  note: string;
}

/** The manifest of a deployment reachable at `rpcUrl`. `tokens` adds API tokens (scf serve). */
export function manifestOf(d: Deployment, rpcUrl: string, tokens?: Map<string, string>): Manifest {
  return {
    chainId: d.chain.chainId.toString(),
    rpcUrl,
    contracts: { ...d.addresses },
    participants: d.cast.all.map((p) => ({
      id: p.id,
      name: p.name,
      nameZh: p.nameZh,
      role: p.role,
      address: p.address,
      ...(p.privateKey === devKey(d.seed, p.id) ? { privateKey: p.privateKey } : {}),
      ...(tokens?.has(p.id) ? { apiToken: tokens.get(p.id) } : {}),
    })),
    note: d.cast.all.some((p) => p.privateKey === devKey(d.seed, p.id))
      ? "Development keys derived from a public seed: never use them on a real chain."
      : "The participants' keys are in their encrypted keystores (the keys file), not here.",
  };
}

/** Writes a manifest as pretty JSON, creating the folder if needed. */
export async function writeManifest(path: string, manifest: Manifest): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(manifest, null, 2) + "\n");
}

/** Reads a manifest written by `scf node` or `scf serve`; anything else is a one-line error. */
export async function readManifest(path: string): Promise<Manifest> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(path, "utf8")) as Manifest;
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === "ENOENT";
    throw new ScfError("MANIFEST", `${path}: ${missing ? "no such file" : "not a manifest (JSON expected)"}`, {
      cause,
    });
  }
  if (typeof manifest.contracts !== "object" || manifest.contracts === null || !manifest.contracts.Consortium) {
    throw new ScfError("MANIFEST", `${path}: not a manifest of a consortium (no contracts.Consortium)`);
  }
  return manifest;
}
