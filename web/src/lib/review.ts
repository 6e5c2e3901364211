// Link review (#6) in the UI language: who may decide, how each field's
// weight of evidence is drawn, and the words for the comparison levels and
// the corroboration grade the server sends. Pure: tested in review.test.ts.
import type { Corroboration, FieldAgreement, ReviewKind } from './api';
import { type Key, type T, en } from './i18n';

export const REVIEW_KINDS: readonly ReviewKind[] = ['person', 'event'];
export const isReviewKind = (k: string | null | undefined): k is ReviewKind => k === 'person' || k === 'event';

export interface RecordRights {
  read: boolean;
  write: boolean;
}

// access/policy.cc: every role reads records; administrators, source
// handlers and documenters change them (a caseworker, an analyst and a
// viewer do not). The server refuses the rest whatever the UI shows.
const WRITERS = ['administrator', 'source_handler', 'documenter'];
const READERS = [...WRITERS, 'caseworker', 'analyst', 'viewer'];

export function recordRights(role: string | undefined | null): RecordRights {
  return { read: !!role && READERS.includes(role), write: !!role && WRITERS.includes(role) };
}

/**
 * The weight that fills a whole half of a field's bar: the largest in the
 * queue, so bars compare across pairs, and never below 1 bit (a queue of
 * near-zero weights would otherwise draw them full).
 */
export function weightScale(lists: FieldAgreement[][]): number {
  let max = 1;
  for (const fields of lists) for (const f of fields) if (Number.isFinite(f.weight)) max = Math.max(max, Math.abs(f.weight));
  return max;
}

export type Stance = 'for' | 'against' | 'neutral';

// Below this many bits a field says next to nothing either way (a missing
// value weighs 0; a rounding error should not draw as evidence).
const NEUTRAL_BITS = 0.05;

/** Whether a field speaks for one record, against, or neither; and its bar's share of a half, 0-100. */
export function weightBar(weight: number, scale: number): { stance: Stance; percent: number } {
  if (!Number.isFinite(weight) || Math.abs(weight) < NEUTRAL_BITS) return { stance: 'neutral', percent: 0 };
  const percent = Math.min(100, Math.round((Math.abs(weight) / Math.max(scale, 1e-9)) * 1000) / 10);
  return { stance: weight > 0 ? 'for' : 'against', percent };
}

/** A field's name in the UI language ("birth_date" -> "Birth date"), or the name. */
export function fieldLabel(t: T, field: string): string {
  const key = `review.field.${field}`;
  return key in en ? t(key as Key) : field;
}

/**
 * A comparison level in the UI language where it has words ("exact",
 * "missing", "else"); the engine's technical levels ("jaro-winkler >= 0.92")
 * are shown as they came.
 */
export function levelLabel(t: T, level: string): string {
  const key = `review.level.${level.replace(/\s+/g, '_')}`;
  return key in en ? t(key as Key) : level;
}

/** The corroboration of an event or act in words, from its counts and grade. */
export function describeCorroboration(t: T, c: Corroboration): string {
  const vars = { sources: c.independent_sources, firstHand: c.first_hand_sources };
  let text: string;
  switch (c.credibility) {
    case 1:
      text = t('corroboration.confirmed', vars);
      break;
    case 2:
      text = c.first_hand_sources > 0 ? t('corroboration.probable', vars) : t('corroboration.probableRelayed', vars);
      break;
    case 3:
      text = t('corroboration.possible');
      break;
    case 4:
      text = t('corroboration.doubtful');
      break;
    case 6:
      text = t('corroboration.none');
      break;
    default:
      text = gradeLabel(t, c.credibility);
  }
  // Several reports from one source count once: say so, as the server does.
  if (c.reports > c.independent_sources && c.independent_sources > 0) text += ` ${t('corroboration.oneSource', { reports: c.reports })}`;
  return text;
}

// The grade's own label when no sentence fits (grade 5 is never derived).
function gradeLabel(t: T, grade: number): string {
  const key = `enum.credibility.${grade}`;
  return key in en ? t(key as Key) : String(grade);
}
