// Casework in the UI language: the board's columns, waiting times, the
// queue's position reasons and the audit history, from what the server
// sends (src/casework/*). The server speaks English in a few free-text
// fields (a position reason, an alarm, a history detail); these are parsed
// back into their parts here and said again in the user's language, or
// shown as they came when they do not parse. Pure: tested in
// casework.test.ts.
import type { Kind } from './api';
import { type Key, type Lang, localeOf, translate } from './i18n';

export const STAGES = ['requested', 'verified', 'sheltered', 'in_transfer', 'resettled', 'closed'] as const;
export type Stage = (typeof STAGES)[number];
// The stages a case goes through when nothing closes it early.
export const PATH: readonly Stage[] = STAGES.filter((s) => s !== 'closed');
export const TIERS = ['immediate', 'vulnerable', 'standard'] as const;
export type Tier = (typeof TIERS)[number];

export const isStage = (s: string): s is Stage => (STAGES as readonly string[]).includes(s);
export const isTier = (s: string): s is Tier => (TIERS as readonly string[]).includes(s);

/** The cases of each stage, every stage present, each keeping the given order. */
export function groupByStage<T extends { stage: string }>(cases: T[]): Record<Stage, T[]> {
  const out = Object.fromEntries(STAGES.map((s) => [s, [] as T[]])) as Record<Stage, T[]>;
  for (const c of cases) if (isStage(c.stage)) out[c.stage].push(c);
  return out;
}

/** Whole seconds from `fromIso` to `now`, never negative (clocks disagree). */
export function secondsSince(fromIso: string, now: Date): number {
  const t = Date.parse(fromIso);
  if (Number.isNaN(t)) return 0;
  return Math.max(0, Math.floor((now.getTime() - t) / 1000));
}

const UNIT_SECONDS = { d: 86400, h: 3600, min: 60, s: 1 } as const;

/** Seconds in a server duration ("3 d 4 h", "4 h 0 min", "12 min", "0 s"), or null. */
export function parseServerDuration(text: string): number | null {
  const parts = text.trim().split(/\s+/);
  if (parts.length === 0 || parts.length % 2 !== 0) return null;
  let total = 0;
  for (let i = 0; i < parts.length; i += 2) {
    const n = Number(parts[i]);
    const unit = parts[i + 1] as keyof typeof UNIT_SECONDS;
    if (!/^\d+$/.test(parts[i]) || !(unit in UNIT_SECONDS)) return null;
    total += n * UNIT_SECONDS[unit];
  }
  return total;
}

/**
 * A duration in the two largest units, as the server counts them, in the
 * user's language: "3 days 4 hrs", "3일 4시간", "3 дн. 4 ч".
 */
export function formatDuration(seconds: number, lang: Lang): string {
  const s = Math.max(0, Math.floor(seconds));
  const unit = (n: number, u: 'day' | 'hour' | 'minute' | 'second') =>
    new Intl.NumberFormat(localeOf(lang), { style: 'unit', unit: u, unitDisplay: 'short' }).format(n);
  const days = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (days > 0) return hours > 0 ? `${unit(days, 'day')} ${unit(hours, 'hour')}` : unit(days, 'day');
  if (hours > 0) return minutes > 0 ? `${unit(hours, 'hour')} ${unit(minutes, 'minute')}` : unit(hours, 'hour');
  if (minutes > 0) return unit(minutes, 'minute');
  return unit(s, 'second');
}

// casework::TierLabel on the server.
const SERVER_TIER_LABELS: Record<string, Tier> = {
  'immediate danger': 'immediate',
  vulnerable: 'vulnerable',
  standard: 'standard',
};

export interface PositionReason {
  tier: Tier;
  waitingSeconds: number;
  // While a tier's head start lasts: newer requests of `tier` made up to
  // `leadSeconds` before this one stay behind it.
  ahead?: { tier: Tier; leadSeconds: number };
}

/** casework::PositionReason's text in parts, or null when it does not read as one. */
export function parsePositionReason(text: string): PositionReason | null {
  const m = /^tier: (.+?); waiting (.+?)(?:; ahead of (.+?) requests made up to (.+?) before it)?$/.exec(text.trim());
  if (!m) return null;
  const tier = SERVER_TIER_LABELS[m[1]];
  const waiting = parseServerDuration(m[2]);
  if (!tier || waiting === null) return null;
  const out: PositionReason = { tier, waitingSeconds: waiting };
  if (m[3] !== undefined) {
    const lower = SERVER_TIER_LABELS[m[3]];
    const lead = parseServerDuration(m[4]);
    if (!lower || lead === null) return null;
    out.ahead = { tier: lower, leadSeconds: lead };
  }
  return out;
}

/** Why a case stands where it does in the queue, in the user's language. */
export function describePositionReason(text: string, lang: Lang): string {
  const r = parsePositionReason(text);
  if (!r) return text;
  const t = (key: Key, vars: Record<string, string | number> = {}) => translate(lang, key, vars);
  const tier = t(`casework.tierInline.${r.tier}` as Key);
  const duration = formatDuration(r.waitingSeconds, lang);
  if (!r.ahead) return t('casework.reason', { tier, duration });
  return t('casework.reasonAhead', {
    tier,
    duration,
    lower: t(`casework.tierInline.${r.ahead.tier}` as Key),
    lead: formatDuration(r.ahead.leadSeconds, lang),
  });
}

/** An alarm: the stage a case overstays and by how long, from its due time. */
export function describeAlarm(stage: string, dueIso: string, now: Date, lang: Lang): string {
  return translate(lang, 'casework.alarm', {
    stage: stageLabel(stage, lang),
    duration: formatDuration(secondsSince(dueIso, now), lang),
  });
}

export function stageLabel(stage: string, lang: Lang): string {
  return isStage(stage) ? translate(lang, `enum.case_stage.${stage}` as Key) : stage;
}

function enumOr(lang: Lang, group: string, value: string): string {
  const key = `enum.${group}.${value}`;
  const text = translate(lang, key as Key);
  return text === key ? value : text;
}

/** An audit action on a case ("case-move-verified") in words. */
export function describeHistoryAction(action: string, lang: Lang): string {
  const t = (key: Key, vars: Record<string, string | number> = {}) => translate(lang, key, vars);
  const fixed: Record<string, Key> = {
    'case-add': 'history.add',
    'case-read': 'history.read',
    'case-claim': 'history.claim',
    'case-claim-lapsed': 'history.claimLapsed',
    'case-release': 'history.release',
    'case-reassign': 'history.reassign',
    'case-note': 'history.note',
    'case-consent-given': 'history.consentGiven',
    'case-consent-withdrawn': 'history.consentWithdrawn',
    'case-referral': 'history.referral',
    'case-referral-override': 'history.referralOverride',
    'case-link': 'history.link',
  };
  if (fixed[action]) return t(fixed[action]);
  const move = /^case-move-(\w+)$/.exec(action);
  if (move) return t('history.move', { stage: stageLabel(move[1], lang) });
  const referral = /^case-referral-(\w+)$/.exec(action);
  if (referral) return t('history.referralState', { state: enumOr(lang, 'referral_state', referral[1]) });
  return action;
}

/**
 * The detail the casebook writes with an audit entry, in words: "requested
 * -> verified; assignee '' -> 'mina'", "tier immediate: <reason>", "claim by
 * mina not acted on in time". Parts it does not know stay as written.
 */
export function describeHistoryDetail(detail: string, lang: Lang): string {
  if (!detail) return '';
  const t = (key: Key, vars: Record<string, string | number> = {}) => translate(lang, key, vars);
  const tier = /^tier (\w+): ([\s\S]*)$/.exec(detail);
  if (tier && isTier(tier[1])) return t('history.tier', { tier: translate(lang, `enum.case_tier.${tier[1]}` as Key), reason: tier[2] });
  const lapsed = /^claim by (.+) not acted on in time$/.exec(detail);
  if (lapsed) return t('history.lapsed', { name: lapsed[1] });
  return detail
    .split('; ')
    .map((part) => {
      const stages = /^(\w+) -> (\w+)$/.exec(part);
      if (stages && isStage(stages[1]) && isStage(stages[2])) return `${stageLabel(stages[1], lang)} → ${stageLabel(stages[2], lang)}`;
      const assignee = /^assignee '(.*)' -> '(.*)'$/.exec(part);
      if (assignee) {
        const who = (name: string) => name || t('history.nobody');
        return t('history.assignee', { from: who(assignee[1]), to: who(assignee[2]) });
      }
      return part;
    })
    .join('; ');
}

export interface CaseRights {
  read: boolean; // the queue, the board, a case; notes, consent, referrals, links
  claim: boolean; // "Next case"
  lead: boolean; // reassign, release anyone's case, override consent
}

/** What a role may do in casework (src/access/policy.cc). */
export function caseRights(role: string | undefined | null): CaseRights {
  const lead = role === 'administrator';
  const claim = role === 'caseworker';
  return { read: lead || claim, claim, lead };
}

/** Whether `user` may move the case and return it to the queue: its caseworker, or a lead. */
export function servesOrLeads(rights: CaseRights, user: string, assignee: string): boolean {
  return rights.lead || (rights.claim && assignee !== '' && assignee === user);
}

// Id prefixes of the demo data and of ids the UI makes (api.ts newId).
const LINK_PREFIXES: Record<string, Kind> = {
  src: 'source',
  rpt: 'report',
  rep: 'report',
  file: 'file',
  evt: 'event',
  act: 'act',
  inv: 'involvement',
  per: 'person',
  org: 'organization',
  post: 'post',
  mem: 'membership',
  pl: 'place',
  plc: 'place',
};

/** The kind of a linked record from its id's prefix ("evt-…" is an event), or null. */
export function linkKind(id: string): Kind | null {
  const prefix = id.split('-')[0];
  return LINK_PREFIXES[prefix] ?? null;
}

/** The ISO 8601 UTC time of a <input type="datetime-local"> value, read in local time; '' stays ''. */
export function localInputToIso(value: string): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
