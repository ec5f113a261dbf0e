/**
 * A lesson run or step as JSON: bigints (fen, ids, times) as decimal strings, indented.
 * @example lessonJson(await runLesson("split-three-tiers"))
 */
export function lessonJson(value: unknown): string {
  return JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2) + "\n";
}
