import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
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
    privateKey: string;
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
      privateKey: p.privateKey,
      ...(tokens?.has(p.id) ? { apiToken: tokens.get(p.id) } : {}),
    })),
    note: "Development keys derived from a public seed: never use them on a real chain.",
  };
}

/** Writes a manifest as pretty JSON, creating the folder if needed. */
export async function writeManifest(path: string, manifest: Manifest): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(manifest, null, 2) + "\n");
}
