import fc from "fast-check";

/**
 * fast-check arbitraries derived from JSON Schema (2020-12, as the OpenAPI document of
 * src/api/openapi.ts gives it for path parameters and request bodies): valid-ish values, boundary
 * values, wrong types, extra fields, huge strings, unicode, negative and overflowing numbers.
 *
 * "Valid-ish" draws on a dictionary of the world's own strings (participant ids and addresses,
 * existing ids, token ids, amounts, dates, delivery references) wherever the schema accepts them, so
 * that generated requests reach the service's and the contracts' deep validation, not only the schema.
 */
export type JsonSchema = {
  type?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  default?: unknown;
};

/** A JSON literal sent as is (numbers JSON.stringify cannot write: `1e400`, 30-digit integers). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON text of a generated value, with {@link RawJson} literals spliced in. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `\u0000raw${raws.length - 1}\u0000`;
    }
    return v;
  });
  return (text ?? "null").replace(/"\\u0000raw(\d+)\\u0000"/g, (_m, i: string) => raws[Number(i)]);
}

/** Strings of the world to try wherever a string schema accepts them. */
export type Dictionary = readonly string[];

const U256_MAX = (2n ** 256n - 1n).toString();
const U256_OVER = (2n ** 256n).toString();

/** Strings no schema of the API should take, or should take only to refuse later. */
const nastyStrings: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "-1",
    "+1",
    "1.5",
    "1e3",
    "0x1f",
    " 1",
    "1 ",
    "０１２", // full-width digits
    "١٢٣", // Arabic-Indic digits
    "NaN",
    "Infinity",
    "null",
    "undefined",
    "true",
    "0.4294967297",
    "4294967296.1",
    "1.0",
    "1.4294967296",
    "00000000000000000000000000000001",
    "99999999999999999999999999999999",
    U256_MAX,
    U256_OVER,
    "9007199254740993",
    "18446744073709551616",
    "0x0000000000000000000000000000000000000000",
    "0xffffffffffffffffffffffffffffffffffffffff",
    "0xZZ",
    "__proto__",
    "constructor",
    "prototype",
    "hasOwnProperty",
    "..",
    "../../etc/passwd",
    "%00",
    "a\u0000b",
    "\u202e\u0635\u0648\u0631",
    "😀🧧💴",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "${process.env}",
    "{{7*7}}",
    "\\",
    "\r\n",
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }),
  fc.integer({ min: 65, max: 300 }).map((n) => "9".repeat(n)),
  fc.integer({ min: 200, max: 5_000 }).map((n) => "x".repeat(n)),
  fc.bigInt({ min: -(2n ** 300n), max: -1n }).map(String),
);

/** Huge values: a string past the 16 kB body limit, and long ones within it. */
export const hugeString: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 16_500, max: 40_000 }).map((n) => "A".repeat(n)),
  fc.integer({ min: 1_000, max: 15_000 }).map((n) => "的".repeat(Math.floor(n / 3))),
);

/** Values of every JSON type (for a field of another type). */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.constantFrom(-1, 0, 1e308, -1e308, 2 ** 53 + 1, Number.MIN_VALUE),
  fc.constant(new RawJson("1e400")),
  fc.constant(new RawJson("123456789012345678901234567890")),
  fc.constant(new RawJson("-0")),
  fc.string({ maxLength: 10 }),
  fc.constant([]),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.constant({}),
  fc.constant({ $gt: "" }),
  fc.constant(new RawJson('{"__proto__":{"admin":true}}')),
);

function bounded(s: string, schema: JsonSchema): boolean {
  const length = [...s].length;
  return length >= (schema.minLength ?? 0) && length <= (schema.maxLength ?? Infinity);
}

/** Dictionary entries a string schema accepts (pattern, lengths). */
function fitting(schema: JsonSchema, dictionary: Dictionary): string[] {
  const pattern = schema.pattern ? new RegExp(schema.pattern) : undefined;
  return dictionary.filter((s) => bounded(s, schema) && (!pattern || pattern.test(s)));
}

/**
 * Values a schema accepts, or nearly: dictionary entries it accepts, values generated from its
 * pattern, enum members, integers in range with their bounds, objects with every required field.
 */
export function validValue(schema: JsonSchema, dictionary: Dictionary): fc.Arbitrary<unknown> {
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => validValue(s, dictionary)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case "string": {
      const words = fitting(schema, dictionary);
      const generated = schema.pattern
        ? fc.stringMatching(new RegExp(schema.pattern)).filter((s) => bounded(s, schema))
        : fc.string({
            unit: "grapheme",
            minLength: schema.minLength ?? 0,
            maxLength: Math.min(schema.maxLength ?? 40, 40),
          });
      return words.length > 0
        ? fc.oneof({ arbitrary: fc.constantFrom(...words), weight: 3 }, { arbitrary: generated, weight: 1 })
        : generated;
    }
    case "integer":
    case "number": {
      const min = schema.minimum ?? -(2 ** 31);
      const max = schema.maximum ?? 2 ** 31;
      const inRange = schema.type === "integer" ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true });
      return fc.oneof(
        { arbitrary: inRange, weight: 3 },
        { arbitrary: fc.constantFrom(min, max), weight: 1 },
        { arbitrary: fc.integer({ min, max: Math.min(max, min + 40) }), weight: 2 },
      );
    }
    case "boolean":
      return fc.boolean();
    case "object":
      return validObject(schema, dictionary);
    default:
      return wrongType;
  }
}

/**
 * An object with every required property, each optional one present half of the time (a schema may
 * ask for one of two: `maturity` or `maturityDays`), each valid-ish.
 */
function validObject(schema: JsonSchema, dictionary: Dictionary): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) {
    const value = validValue(property, dictionary);
    model[name] = required.has(name) ? value : fc.option(value, { nil: undefined, freq: 2 });
  }
  return fc.record(model).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
}

/**
 * Values a schema should refuse (or that test its bounds): out-of-range and fractional numbers,
 * too long or pattern-breaking strings, unknown enum members, wrong types.
 */
export function invalidValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [wrongType];
  if (schema.type === "string" || schema.anyOf || schema.enum) {
    options.push(nastyStrings, hugeString);
    if (schema.maxLength !== undefined) options.push(fc.constant("z".repeat(schema.maxLength + 1)));
    if (schema.enum) options.push(fc.constantFrom(...schema.enum.map((e) => String(e).toLowerCase()), "None "));
  }
  if (schema.type === "integer" || schema.type === "number") {
    const min = schema.minimum ?? 0;
    const max = schema.maximum ?? 2 ** 31;
    options.push(
      fc.constantFrom(min - 1, max + 1, -1, 0.5, min + 0.5, 2 ** 53, 2 ** 64, -(2 ** 63), 1e21),
      fc.constant(new RawJson("1e400")),
      fc.constant(new RawJson(`${max}0`)),
      fc.constantFrom("1", String(max), ""),
    );
  }
  if (schema.type === "object") options.push(fc.constantFrom(null, [], "{}", 0));
  return fc.oneof(...options);
}

/** Field names a client should never be able to set (mass assignment), and odd keys. */
export const extraKeys: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "owner",
    "from",
    "payer",
    "holder",
    "lender",
    "borrower",
    "financier",
    "role",
    "status",
    "admin",
    "isOperator",
    "actor",
    "value",
    "valueFen",
    "tokenId",
    "slotId",
    "__proto__",
    "constructor",
    "prototype",
    "",
    " ",
    "amountFen ",
    "AmountFen",
  ),
  fc.string({ minLength: 1, maxLength: 12 }),
);

/** A request body as generated: JSON (of any value), raw bytes of some media type, or none. */
export type BodySpec =
  { kind: "json"; value: unknown } | { kind: "raw"; text: string; type: string; encoding?: string } | { kind: "none" };

/**
 * Request bodies for an operation's body schema: mostly valid-ish objects (to reach deep
 * validation), objects with one field wrong, a required field missing or extra fields, other JSON
 * values, malformed or deeply nested JSON, bodies past the size limit, other media types, corrupt
 * compression, no body at all.
 */
export function bodyArbitrary(schema: JsonSchema | undefined, dictionary: Dictionary): fc.Arbitrary<BodySpec> {
  const object = schema ? validObject(schema, dictionary) : fc.constant({} as Record<string, unknown>);
  const properties = Object.entries(schema?.properties ?? {});
  const json = (value: unknown): BodySpec => ({ kind: "json", value });
  const variants: { arbitrary: fc.Arbitrary<BodySpec>; weight: number }[] = [
    { arbitrary: object.map(json), weight: 14 },
    {
      arbitrary: fc
        .tuple(object, fc.array(fc.tuple(extraKeys, wrongType), { minLength: 1, maxLength: 3 }))
        .map(([o, extra]) => {
          const copy: Record<string, unknown> = { ...o };
          for (const [k, v] of extra) Object.defineProperty(copy, k, { value: v, enumerable: true, writable: true });
          return json(copy);
        }),
      weight: 2,
    },
    {
      arbitrary: fc
        .oneof(
          fc.constant(null),
          fc.constant([]),
          fc.array(object, { minLength: 1, maxLength: 2 }),
          fc.string({ maxLength: 20 }),
          fc.integer(),
          fc.boolean(),
        )
        .map(json),
      weight: 1,
    },
    {
      arbitrary: fc
        .oneof(
          fc.constantFrom("{", "}", "{'a':1}", '{"a":}', '{"a":1,}', "NaN", "\uFEFF{}", '{"a":"\\x41"}', "[1,2", '"'),
          fc.integer({ min: 2_000, max: 7_000 }).map((n) => `${"[".repeat(n)}${"]".repeat(n)}`),
          fc.integer({ min: 1_000, max: 3_000 }).map((n) => `${'{"a":'.repeat(n)}1${"}".repeat(n)}`),
          fc.string({ unit: "binary", maxLength: 60 }),
        )
        .map((text): BodySpec => ({ kind: "raw", text, type: "application/json" })),
      weight: 1,
    },
    {
      arbitrary: fc
        .tuple(
          object,
          fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data"),
        )
        .map(([o, type]): BodySpec => ({ kind: "raw", text: JSON.stringify(o), type })),
      weight: 1,
    },
    {
      arbitrary: fc
        .tuple(fc.constantFrom("gzip", "deflate", "br", "x-unknown"), fc.string({ minLength: 1, maxLength: 30 }))
        .map(([encoding, text]): BodySpec => ({ kind: "raw", text, type: "application/json", encoding })),
      weight: 1,
    },
    { arbitrary: hugeString.map((s) => json({ [properties[0]?.[0] ?? "x"]: s })), weight: 1 },
    { arbitrary: fc.constant<BodySpec>({ kind: "none" }), weight: 1 },
  ];
  if (properties.length > 0) {
    variants.push(
      {
        arbitrary: fc
          .tuple(object, fc.constantFrom(...properties))
          .chain(([o, [name, property]]) => invalidValue(property).map((v) => json({ ...o, [name]: v }))),
        weight: 5,
      },
      {
        arbitrary: fc.tuple(object, fc.constantFrom(...properties.map(([name]) => name))).map(([o, name]) => {
          const copy = { ...o };
          delete copy[name];
          return json(copy);
        }),
        weight: 1,
      },
    );
  }
  return fc.oneof(...variants);
}

/** A path parameter: valid-ish (often an existing id), or nasty; raw (not percent-encoded) sometimes. */
export function pathParamArbitrary(schema: JsonSchema, dictionary: Dictionary): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: validValue(schema, dictionary).map((v) => encodeURIComponent(String(v))), weight: 7 },
    { arbitrary: nastyStrings.map((s) => encodeURIComponent(s)), weight: 2 },
    {
      arbitrary: fc.constantFrom("%", "%zz", "%E0%A4%A", "%C0%AE", "%2e%2e", "%00", "1%2F2", ".", "..", ""),
      weight: 1,
    },
  );
}
