/**
 * Classroom mode: lessons as data, one runner that plays them as real signed transactions on a fresh
 * in-process consortium, and plain-word descriptions of events and refusals in English and Chinese.
 */
export { LESSON_START, findLesson, listLessons, runLesson } from "./runner.js";
export { describeEvent as describe, isStandardEvent } from "../ledger/describe.js";
export { explainRefusal } from "./refusals.js";
export { lessonJson } from "./json.js";
export { renderIntro, renderStep } from "./render-text.js";
export type * from "./types.js";
