// What each record kind holds, field by field, as the forms and record pages
// show it. Mirrors src/formats/record_json.cc (the JSON the API speaks).
import type { Kind } from './api';
import { STAGES, TIERS } from './casework';
import type { Key } from './i18n';

export type FieldType =
  | 'text'
  | 'textarea'
  | 'enum'
  | 'ref'
  | 'edtf'
  | 'int'
  | 'number'
  | 'bool'
  | 'dates'
  | 'places'
  | 'counts'
  | 'names'
  | 'reports'
  | 'related'
  | 'act_type'
  | 'post_role';

export interface FieldSpec {
  name: string;
  label: Key;
  type: FieldType;
  group?: string; // enum group for labels: enum.<group>.<value>
  options?: string[];
  ref?: Kind;
  required?: boolean;
}

export const ENUMS: Record<string, string[]> = {
  source_type: ['person', 'outlet', 'organization', 'document'],
  reliability: ['A', 'B', 'C', 'D', 'E', 'F'],
  credibility: ['1', '2', '3', '4', '5', '6'],
  report_type: ['testimony', 'interview', 'news_article', 'document', 'statement'],
  knowledge: [
    'first_hand_victim',
    'first_hand_witness',
    'first_hand_perpetrator',
    'relayed_relative',
    'relayed_colleague',
    'relayed_third_party',
    'relayed_media',
    'unknown',
  ],
  derivation: ['original', 'translation', 'transcript', 'redacted'],
  role: ['perpetrator', 'victim', 'witness', 'intervening_party'],
  degree: ['carried_out', 'gave_orders', 'failed_to_exercise_authority', 'assisted', 'unknown'],
  sex: ['unknown', 'female', 'male'],
  org_type: ['state_agency', 'company', 'unit', 'government', 'diplomatic_mission', 'ngo', 'media', 'business', 'other'],
  place_type: ['country', 'region', 'city', 'site', 'other'],
  unit: ['individuals', 'families', 'groups'],
  relation: ['follows', 'caused_by', 'part_of', 'same_pattern'],
  // Casework (src/casework/case.h).
  case_tier: [...TIERS],
  case_stage: [...STAGES],
  close_reason: ['withdrawn', 'unreachable', 'duplicate', 'referred_elsewhere'],
  referral_state: ['proposed', 'sent', 'accepted', 'declined', 'completed'],
};

const e = (name: string, label: Key, group: string, required = false): FieldSpec => ({
  name,
  label,
  type: 'enum',
  group,
  options: ENUMS[group],
  required,
});
const ref = (name: string, label: Key, kind: Kind, required = false): FieldSpec => ({
  name,
  label,
  type: 'ref',
  ref: kind,
  required,
});
const reports: FieldSpec = { name: 'reports', label: 'field.reports', type: 'reports' };

export const SPECS: Record<Kind, FieldSpec[]> = {
  source: [
    { name: 'pseudonym', label: 'field.pseudonym', type: 'text', required: true },
    e('type', 'field.type', 'source_type'),
    e('reliability', 'field.reliability', 'reliability', true),
    { name: 'description', label: 'field.description_source', type: 'textarea' },
  ],
  report: [
    { name: 'title', label: 'field.title', type: 'text', required: true },
    e('type', 'field.type', 'report_type'),
    ref('source', 'field.source', 'source', true),
    { name: 'language', label: 'field.language', type: 'text' },
    { name: 'date', label: 'field.date', type: 'edtf' },
    e('credibility', 'field.credibility', 'credibility'),
    e('knowledge', 'field.knowledge', 'knowledge'),
    ref('part_of', 'field.part_of', 'report'),
    { name: 'text', label: 'field.text', type: 'textarea' },
  ],
  file: [
    ref('report', 'field.report', 'report', true),
    { name: 'name', label: 'field.name', type: 'text', required: true },
    { name: 'media_type', label: 'field.media_type', type: 'text' },
    { name: 'sha256', label: 'field.sha256', type: 'text', required: true },
    { name: 'size_bytes', label: 'field.size_bytes', type: 'int', required: true },
    e('derivation', 'field.derivation', 'derivation'),
    ref('derived_from', 'field.derived_from', 'file'),
    { name: 'language', label: 'field.language', type: 'text' },
    { name: 'received_by', label: 'field.received_by', type: 'text' },
  ],
  event: [
    { name: 'title', label: 'field.title', type: 'text', required: true },
    { name: 'description', label: 'field.description', type: 'textarea' },
    { name: 'dates', label: 'field.dates', type: 'dates' },
    { name: 'places', label: 'field.places', type: 'places' },
    { name: 'related', label: 'field.related', type: 'related' },
    reports,
  ],
  act: [
    ref('event', 'field.event', 'event', true),
    { name: 'type', label: 'field.act_type', type: 'act_type', required: true },
    { name: 'description', label: 'field.description', type: 'textarea' },
    { name: 'dates', label: 'field.dates', type: 'dates' },
    { name: 'places', label: 'field.places', type: 'places' },
    { name: 'victim_counts', label: 'field.victim_counts', type: 'counts' },
    reports,
  ],
  involvement: [
    ref('act', 'field.act', 'act', true),
    e('role', 'field.role', 'role', true),
    e('degree', 'field.degree', 'degree'),
    ref('person', 'field.person', 'person'),
    ref('organization', 'field.organization', 'organization'),
    { name: 'unnamed_party', label: 'field.unnamed_party', type: 'text' },
    { name: 'counts', label: 'field.counts', type: 'counts' },
    reports,
  ],
  person: [
    { name: 'pseudonym', label: 'field.pseudonym', type: 'text' },
    { name: 'names', label: 'field.names', type: 'names' },
    e('sex', 'field.sex', 'sex'),
    { name: 'birth_dates', label: 'field.birth_dates', type: 'dates' },
    { name: 'at_risk', label: 'field.at_risk', type: 'bool' },
    { name: 'description', label: 'field.description', type: 'textarea' },
    reports,
  ],
  organization: [
    { name: 'names', label: 'field.names', type: 'names' },
    e('type', 'field.type', 'org_type'),
    ref('parent', 'field.parent', 'organization'),
    { name: 'country', label: 'field.country', type: 'text' },
    { name: 'description', label: 'field.description', type: 'textarea' },
    reports,
  ],
  post: [
    ref('organization', 'field.organization', 'organization', true),
    { name: 'label', label: 'field.label', type: 'text', required: true },
    { name: 'role', label: 'field.role', type: 'post_role' },
    { name: 'rank', label: 'field.rank', type: 'int' },
    ref('superior_post', 'field.superior_post', 'post'),
    reports,
  ],
  membership: [
    ref('person', 'field.person', 'person', true),
    ref('post', 'field.post', 'post'),
    ref('organization', 'field.organization', 'organization'),
    { name: 'start', label: 'field.start', type: 'edtf' },
    { name: 'end', label: 'field.end', type: 'edtf' },
    reports,
  ],
  place: [
    { name: 'names', label: 'field.names', type: 'names' },
    e('type', 'field.type', 'place_type'),
    ref('parent', 'field.parent', 'place'),
    { name: 'country', label: 'field.country', type: 'text' },
    { name: 'latitude', label: 'field.latitude', type: 'number' },
    { name: 'longitude', label: 'field.longitude', type: 'number' },
    reports,
  ],
};

/** Kinds that are coded from reports (the "Records" screen). */
export const CODED_KINDS: Kind[] = ['event', 'act', 'involvement', 'person', 'organization', 'post', 'membership', 'place', 'source', 'file'];

/** Drops empty values so the server gets only what was filled in. */
export function cleanRecord(kind: Kind, id: string, values: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = { kind, id };
  for (const spec of SPECS[kind]) {
    const v = values[spec.name];
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (spec.type === 'bool' && !v) continue;
    if (spec.name === 'credibility') out[spec.name] = Number(v);
    else out[spec.name] = v;
  }
  return out;
}
