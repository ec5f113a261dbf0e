import { z } from "zod";
import { lessonJson, listLessons, runLesson } from "../../lessons/index.js";
import { read, write, type ApiRoute } from "../http.js";

const LessonParams = z.strictObject({
  name: z.string().regex(/^[a-z0-9-]{1,64}$/, "a lesson name such as split-three-tiers"),
});

/**
 * Classroom mode over HTTP. A lesson runs on its own fresh in-process consortium (so it never
 * disturbs the chain being served) and answers every step: explanation, transaction, decoded
 * events, balances before and after. Running one is a write (a token, rate-limited): it is work.
 */
export const lessonRoutes: ApiRoute[] = [
  read({
    tag: "Lessons",
    path: "/lessons",
    operationId: "listLessons",
    summary: "The lessons of classroom mode (titles and summaries in English and Chinese)",
    handler: async () => ({ lessons: listLessons() }),
  }),
  write({
    tag: "Lessons",
    path: "/lessons/:name/run",
    operationId: "runLesson",
    summary: "Run a lesson step by step on a fresh consortium; every step is a real transaction",
    params: LessonParams,
    handler: async ({ params }) => JSON.parse(lessonJson(await runLesson(params.name))) as unknown,
  }),
];
