import { createCipheriv, createDecipheriv, randomBytes, randomUUID, scrypt, timingSafeEqual } from "node:crypto";
import { readFile } from "node:fs/promises";
import { computeAddress, getAddress, keccak256, Wallet } from "ethers";
import { ScfError } from "../domain/errors.js";
import type { ParticipantSpec } from "./cast.js";

/** An encrypted JSON keystore: the Web3 Secret Storage v3 format (what ethers, geth and MetaMask read). */
export interface EncryptedKeystore {
  version: 3;
  id: string;
  address: string;
  crypto: {
    cipher: "aes-128-ctr";
    cipherparams: { iv: string };
    ciphertext: string;
    kdf: "scrypt";
    kdfparams: { dklen: number; n: number; r: number; p: number; salt: string };
    mac: string;
  };
}

/** A keys file: each participant's encrypted keystore, by participant id. */
export interface KeysFile {
  version: 1;
  note: string;
  participants: { id: string; address: string; keystore: EncryptedKeystore }[];
}

/** scrypt cost of new keystores: ethers' and geth's standard (2^17), about 0.3 s a key in native code. */
const SCRYPT = { n: 131_072, r: 8, p: 1, dklen: 32 };

function derive(
  password: string,
  salt: Buffer,
  p: { n: number; r: number; p: number; dklen: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      password.normalize("NFKC"),
      salt,
      p.dklen,
      { N: p.n, r: p.r, p: p.p, maxmem: 256 * p.n * p.r + 1_048_576 },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

function mac(derived: Buffer, ciphertext: Buffer): Buffer {
  return Buffer.from(keccak256(Buffer.concat([derived.subarray(16, 32), ciphertext])).slice(2), "hex");
}

/**
 * Encrypts a private key into a standard keystore (scrypt in Node's native code, on its thread pool).
 * @example const json = await encryptKey(wallet.privateKey, process.env.SCF_KEYS_PASSWORD!);
 */
export async function encryptKey(privateKey: string, password: string): Promise<EncryptedKeystore> {
  const salt = randomBytes(32);
  const iv = randomBytes(16);
  const derived = await derive(password, salt, SCRYPT);
  const cipher = createCipheriv("aes-128-ctr", derived.subarray(0, 16), iv);
  const key = Buffer.from(privateKey.slice(2), "hex");
  const ciphertext = Buffer.concat([cipher.update(key), cipher.final()]);
  return {
    version: 3,
    id: randomUUID(),
    address: computeAddress(privateKey).slice(2).toLowerCase(),
    crypto: {
      cipher: "aes-128-ctr",
      cipherparams: { iv: iv.toString("hex") },
      ciphertext: ciphertext.toString("hex"),
      kdf: "scrypt",
      kdfparams: { ...SCRYPT, salt: salt.toString("hex") },
      mac: mac(derived, ciphertext).toString("hex"),
    },
  };
}

/**
 * Decrypts a standard scrypt keystore; a wrong password is a clear error.
 * @example const privateKey = await decryptKey(keystore, password);
 */
export async function decryptKey(keystore: EncryptedKeystore, password: string): Promise<string> {
  const c = keystore.crypto ?? (keystore as unknown as { Crypto: EncryptedKeystore["crypto"] }).Crypto;
  if (!c || c.kdf !== "scrypt" || c.cipher !== "aes-128-ctr") {
    throw new ScfError("KEYSTORE_UNSUPPORTED", "only scrypt / aes-128-ctr keystores (the standard ones) are read");
  }
  const derived = await derive(password, Buffer.from(c.kdfparams.salt, "hex"), c.kdfparams);
  const ciphertext = Buffer.from(c.ciphertext, "hex");
  if (!timingSafeEqual(mac(derived, ciphertext), Buffer.from(c.mac, "hex"))) {
    throw new ScfError("WRONG_PASSWORD", `wrong password for the keystore of 0x${keystore.address}`);
  }
  const decipher = createDecipheriv("aes-128-ctr", derived.subarray(0, 16), Buffer.from(c.cipherparams.iv, "hex"));
  const key = `0x${Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("hex")}`;
  if (getAddress(computeAddress(key)) !== getAddress(`0x${keystore.address}`)) {
    throw new ScfError("KEYSTORE_CORRUPT", `the keystore of 0x${keystore.address} holds another address's key`);
  }
  return key;
}

/**
 * New random keys for every participant, each in its own encrypted keystore.
 * @example const file = await newKeysFile(demoCast(), password);
 */
export async function newKeysFile(specs: ParticipantSpec[], password: string): Promise<KeysFile> {
  const participants = await Promise.all(
    specs.map(async (spec) => {
      const wallet = Wallet.createRandom();
      return { id: spec.id, address: wallet.address, keystore: await encryptKey(wallet.privateKey, password) };
    }),
  );
  return {
    version: 1,
    note: "Participants' keys, each in an encrypted keystore (Web3 Secret Storage v3). The password is never stored.",
    participants,
  };
}

/**
 * Reads a keys file and decrypts every participant's key: participant id → private key.
 * @example const keys = await readKeysFile("keys.json", await keysPassword());
 */
export async function readKeysFile(path: string, password: string): Promise<Map<string, string>> {
  const file = await loadKeysFile(path);
  const keys = await Promise.all(
    file.participants.map(async (p) => [p.id, await decryptKey(p.keystore, password)] as const),
  );
  return new Map(keys);
}

/** Reads a keys file without decrypting it; anything else is a one-line error. */
export async function loadKeysFile(path: string): Promise<KeysFile> {
  let file: KeysFile;
  try {
    file = JSON.parse(await readFile(path, "utf8")) as KeysFile;
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === "ENOENT";
    throw new ScfError("KEYS_FILE", `${path}: ${missing ? "no such file" : "not a keys file (JSON expected)"}`, {
      cause,
    });
  }
  if (file.version !== 1 || !Array.isArray(file.participants)) {
    throw new ScfError("KEYS_FILE", `${path}: not a keys file (made by \`scf keys new\`)`);
  }
  return file;
}

/**
 * The keys' password: from SCF_KEYS_PASSWORD, or asked for on the terminal (not echoed).
 * Without either, a one-line error.
 */
export async function keysPassword(): Promise<string> {
  const fromEnv = process.env.SCF_KEYS_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    throw new ScfError("NO_PASSWORD", "the keys are encrypted: set SCF_KEYS_PASSWORD or run on a terminal to be asked");
  }
  process.stderr.write("password of the keys: ");
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve) => {
    let typed = "";
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString("utf8")) {
        if (ch === "\r" || ch === "\n") {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off("data", onData);
          process.stderr.write("\n");
          resolve(typed);
          return;
        }
        if (ch === "\u0003") process.exit(130);
        typed = ch === "\u007f" ? typed.slice(0, -1) : typed + ch;
      }
    };
    stdin.on("data", onData);
  });
}
