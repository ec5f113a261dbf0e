import { AbiCoder, Interface, type EventFragment, type FunctionFragment, type ParamType } from "ethers";

/**
 * Fast ABI encoding and decoding for the simulator's hot path. ethers recomputes selectors, topic
 * hashes and address checksums (each a keccak) on every call; here they are computed once per
 * fragment, and calls and events whose parameters are all static words (address, uint, int, bool,
 * bytesN) are encoded and decoded by hand. Anything else falls back to ethers.
 */

const coder = AbiCoder.defaultAbiCoder();
const STATIC = /^(address|bool|u?int\d*|bytes([1-9]|[12]\d|3[0-2]))$/;

const isStatic = (p: ParamType) => STATIC.test(p.type);

function encodeWord(type: string, value: unknown): string {
  if (type === "address") {
    const hex = String(value).toLowerCase();
    if (!/^0x[0-9a-f]{40}$/.test(hex)) throw new TypeError(`not an address: ${String(value)}`);
    return hex.slice(2).padStart(64, "0");
  }
  if (type === "bool") return value ? "1".padStart(64, "0") : "0".padStart(64, "0");
  if (type.startsWith("bytes")) {
    const hex = String(value).toLowerCase();
    if (!/^0x[0-9a-f]*$/.test(hex)) throw new TypeError(`not bytes: ${String(value)}`);
    return hex.slice(2).padEnd(64, "0");
  }
  let n = BigInt(value as bigint | number | string);
  if (type.startsWith("int") && n < 0n) n = (1n << 256n) + n;
  if (n < 0n || n >= 1n << 256n) throw new RangeError(`${type} out of range: ${String(value)}`);
  return n.toString(16).padStart(64, "0");
}

function decodeWord(type: string, word: string): unknown {
  if (type === "address") return `0x${word.slice(24)}`;
  if (type === "bool") return word.endsWith("1");
  if (type.startsWith("bytes")) return `0x${word.slice(0, Number(type.slice(5)) * 2)}`;
  let n = BigInt(`0x${word}`);
  if (type.startsWith("int") && n >= 1n << 255n) n -= 1n << 256n;
  return n;
}

interface CallEntry {
  selector: string;
  fragment: FunctionFragment;
  fast: boolean;
}

const calls = new WeakMap<Interface, Map<string, CallEntry>>();

/** Calldata of `method(...args)` (names only: overloaded functions need their full signature). */
export function encodeCall(iface: Interface, method: string, args: readonly unknown[]): string {
  let byName = calls.get(iface);
  if (!byName) calls.set(iface, (byName = new Map()));
  let entry = byName.get(method);
  if (!entry) {
    const fragment = iface.getFunction(method);
    if (!fragment) throw new TypeError(`no function ${method}`);
    entry = { selector: fragment.selector, fragment, fast: fragment.inputs.every(isStatic) };
    byName.set(method, entry);
  }
  if (args.length !== entry.fragment.inputs.length) {
    throw new TypeError(`${method} takes ${entry.fragment.inputs.length} arguments, got ${args.length}`);
  }
  if (!entry.fast) return entry.selector + coder.encode(entry.fragment.inputs, args as unknown[]).slice(2);
  let data = entry.selector;
  entry.fragment.inputs.forEach((input, i) => (data += encodeWord(input.type, args[i])));
  return data;
}

interface EventEntry {
  name: string;
  fragment: EventFragment;
  iface: Interface;
  names: string[];
  fast: boolean;
}

/** Decodes the events of a set of interfaces by topic hash, with names and plain values. */
export class EventCodec {
  private readonly byTopic = new Map<string, EventEntry>();

  constructor(interfaces: Interface[]) {
    for (const iface of interfaces) {
      iface.forEachEvent((fragment) => {
        if (fragment.anonymous) return;
        this.byTopic.set(`${fragment.topicHash}:${fragment.inputs.filter((p) => p.indexed).length}`, {
          name: fragment.name,
          fragment,
          iface,
          names: fragment.inputs.map((p, i) => p.name || `arg${i}`),
          fast: fragment.inputs.every(isStatic),
        });
      });
    }
  }

  /**
   * The event of a log: name and arguments by name (addresses lower-case, integers bigint), or
   * undefined for an unknown log. (Events with one topic hash and different indexed counts, such
   * as ERC-20 and ERC-721 `Transfer`, are told apart by their number of topics.)
   */
  decode(topics: readonly string[], data: string): { name: string; args: Record<string, unknown> } | undefined {
    const entry = this.byTopic.get(`${topics[0]}:${topics.length - 1}`);
    if (!entry) return undefined;
    const args: Record<string, unknown> = {};
    if (entry.fast) {
      let topic = 1;
      let offset = 2;
      entry.fragment.inputs.forEach((input, i) => {
        if (input.indexed) args[entry.names[i]] = decodeWord(input.type, topics[topic++].slice(2));
        else {
          args[entry.names[i]] = decodeWord(input.type, data.slice(offset, offset + 64));
          offset += 64;
        }
      });
      return { name: entry.name, args };
    }
    const decoded = entry.iface.decodeEventLog(entry.fragment, data, topics);
    entry.fragment.inputs.forEach((_, i) => (args[entry.names[i]] = plain(decoded[i])));
    return { name: entry.name, args };
  }
}

/** Addresses lower-case, structs as plain objects, everything else as decoded (bigint for integers). */
export function plain(value: unknown): unknown {
  if (typeof value === "string" && /^0x[0-9a-fA-F]{40}$/.test(value)) return value.toLowerCase();
  if (value && typeof value === "object" && "toObject" in value && typeof value.toObject === "function") {
    try {
      const obj = (value as { toObject: (deep?: boolean) => Record<string, unknown> }).toObject(true);
      return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, plain(v)]));
    } catch {
      return Array.from(value as unknown as Iterable<unknown>).map(plain);
    }
  }
  return value;
}
