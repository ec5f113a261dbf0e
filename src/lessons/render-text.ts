import { formatYuan } from "../domain/money.js";
import { statusLabel } from "./names.js";
import type { Lang, LessonInfo, StepResult, Text } from "./types.js";

const WIDTH = 100;

/** The words of the terminal view, by language. */
const WORDS: Record<string, Text> = {
  instrument: { en: "The instrument", zh: "金融工具" },
  lifecycle: { en: "Lifecycle", zh: "生命周期" },
  stored: { en: "Stored on chain, and what transactions take", zh: "链上存储与交易输入" },
  actors: { en: "Actors", zh: "参与方" },
  step: { en: "Step", zh: "第" },
  events: { en: "What the chain recorded", zh: "链上记录" },
  balances: { en: "e-CNY", zh: "数字人民币" },
  tokens: { en: "Voucher tokens", zh: "凭证份额" },
  refused: { en: "Refused, as the lesson expects", zh: "按课程预期被拒绝" },
  rule: { en: "The rule", zh: "规则" },
  balancesUnchanged: { en: "e-CNY, unchanged", zh: "数字人民币余额不变" },
  othersUnchanged: { en: "unchanged", zh: "余额不变" },
  nothing: { en: "nothing was recorded and nothing changed", zh: "未记录任何内容，也未发生任何变化" },
  tier: { en: "tier", zh: "级" },
  block: { en: "block", zh: "区块" },
  new: { en: "new", zh: "新" },
};

const w = (key: string, lang: Lang) => WORDS[key][lang];
const colon = (lang: Lang) => (lang === "zh" ? "：" : ": ");

/**
 * Wraps text at word boundaries (Chinese, which has no spaces, is left as it is). The first line
 * starts with `first`, the others with as many spaces.
 */
function wrap(text: string, first: string, width = WIDTH): string {
  const indent = " ".repeat(first.length);
  let prefix = first;
  return text
    .split("\n")
    .map((paragraph) => {
      const lines: string[] = [];
      let line = "";
      for (const word of paragraph.split(" ")) {
        if (line && indent.length + line.length + 1 + word.length > width) {
          lines.push(line);
          line = word;
        } else line = line ? `${line} ${word}` : word;
      }
      lines.push(line);
      const out = lines.map((l, i) => (i === 0 ? prefix : indent) + l).join("\n");
      prefix = indent;
      return out;
    })
    .join("\n");
}

/** Keeps preformatted lines (trees) as they are, indented. */
function block(text: string, indent: string): string {
  return text
    .split("\n")
    .map((l) => indent + l)
    .join("\n");
}

/** The lesson's heading: title, summary, the instrument, the lifecycle, what is stored, the actors. */
export function renderIntro(info: LessonInfo, lang: Lang): string {
  const out = [`═══ ${info.title[lang]} (${info.name}) ═══`, wrap(info.summary[lang], ""), ""];
  out.push(w("instrument", lang), wrap(info.instrument[lang], "  "), "");
  out.push(w("lifecycle", lang), block(info.lifecycle[lang], "  "), "");
  if (info.stored) out.push(w("stored", lang), wrap(info.stored[lang], "  "), "");
  out.push(w("actors", lang));
  for (const a of info.actors) {
    const role = lang === "zh" ? `(${a.roleLabel.zh})` : ` (${a.roleLabel.en})`;
    out.push(wrap(`${a.name[lang]}${role}${a.part ? `${colon(lang)}${a.part[lang]}` : ""}`, "  • "));
  }
  return out.join("\n") + "\n";
}

function signed(fen: bigint): string {
  return fen > 0n ? `+${formatYuan(fen)}` : formatYuan(fen);
}

/** One step as a person reads it: explanation, transaction, events, balances, tokens, refusal, notes. */
export function renderStep(step: StepResult, lang: Lang): string {
  const heading =
    lang === "zh"
      ? `── 第 ${step.index}/${step.total} 步 · ${step.timeText} · ${step.title.zh}`
      : `── Step ${step.index}/${step.total} · ${step.timeText} · ${step.title.en}`;
  const out = ["", heading];
  if (step.clock) out.push(wrap(`⏩ ${step.clock[lang]}`, "   "));
  out.push(wrap(step.explanation[lang], "   "));
  const tx = step.transaction;
  const args = tx.args.map((a) => `${a.name}: ${a.text[lang]}`).join(", ");
  out.push(wrap(`${step.actor.name[lang]} → ${tx.contract}.${tx.function}(${args})`, "   ▸ "));
  if (tx.hash) out.push(`     tx ${tx.hash} · ${w("block", lang)} ${tx.blockNumber}`);
  if (step.refusal) {
    const r = step.refusal;
    out.push(`   ✗ ${w("refused", lang)}${colon(lang)}${r.error}`);
    out.push(wrap(r.explanation[lang], "     "));
    out.push(wrap(`${w("rule", lang)}${colon(lang)}${r.rule[lang]}`, "     "));
    out.push(`     (${w("nothing", lang)})`);
  }
  const events = step.events.filter((e) => !e.standard);
  if (events.length) {
    out.push(`   ${w("events", lang)}${colon(lang).trim()}`);
    for (const e of events) out.push(wrap(e.text[lang], "     ✓ "));
  }
  const moved = step.balances.filter((b) => b.delta !== 0n);
  const still = step.balances.filter((b) => b.delta === 0n);
  if (moved.length) {
    out.push(`   ${w("balances", lang)}${colon(lang).trim()}`);
    for (const b of moved) {
      out.push(
        `     ${b.name[lang]}${colon(lang)}${formatYuan(b.before)} → ${formatYuan(b.after)} (${signed(b.delta)})`,
      );
    }
  }
  if (still.length) {
    const list = still.map((b) => `${b.name[lang]} ${formatYuan(b.after)}`).join(lang === "zh" ? "；" : "; ");
    out.push(wrap(`${w(moved.length ? "othersUnchanged" : "balancesUnchanged", lang)}${colon(lang)}${list}`, "   "));
  }
  if (step.tokens.length) {
    out.push(`   ${w("tokens", lang)}${colon(lang).trim()}`);
    for (const t of step.tokens) {
      const tier = lang === "zh" ? `第 ${t.tier} ${w("tier", lang)}` : `${w("tier", lang)} ${t.tier}`;
      const value =
        t.statusBefore === undefined
          ? `${formatYuan(t.after)} (${w("new", lang)})`
          : t.before === t.after
            ? formatYuan(t.after)
            : `${formatYuan(t.before)} → ${formatYuan(t.after)}`;
      const now = statusLabel(t.status)[lang];
      const status =
        t.statusBefore !== undefined && t.statusBefore !== t.status
          ? ` · ${statusLabel(t.statusBefore)[lang]} → ${now}`
          : ` · ${now}`;
      out.push(`     ${t.label[lang]} ${t.ownerName[lang]} · ${tier} · ${value}${status}`);
    }
  }
  for (const note of step.notes) {
    const text = note[lang];
    out.push(text.includes("\n") ? block(`▸ ${text}`, "   ") : wrap(text, "   ▸ "));
  }
  return out.join("\n") + "\n";
}
